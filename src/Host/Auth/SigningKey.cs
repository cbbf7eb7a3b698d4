using System.Security.Cryptography;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.IdentityModel.Tokens;

namespace Csm.Host.Auth;

/// <summary>
/// The key that signs bearer tokens: Auth:SigningKey when configured (base64, ≥ 32 bytes), otherwise one made on
/// first use and kept in the database, so every host on the same database accepts the others' tokens.
/// </summary>
internal sealed class SigningKey(IConfiguration configuration, Db db)
{
    private readonly Lazy<SymmetricSecurityKey> _key = new(() => Load(configuration, db));

    public SymmetricSecurityKey Key => _key.Value;

    private static SymmetricSecurityKey Load(IConfiguration configuration, Db db)
    {
        var configured = configuration["Auth:SigningKey"];
        if (!string.IsNullOrEmpty(configured)) return new SymmetricSecurityKey(Convert.FromBase64String(configured));
        using var connection = db.OpenAsync().GetAwaiter().GetResult();
        var fresh = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        connection.Execute(db.Dialect.InsertIfAbsent("sys_settings", "name, value", "@Name, @Value", "name"),
            new { Name = "jwt_signing_key", Value = fresh });
        var stored = connection.QuerySingle<string>("SELECT value FROM sys_settings WHERE name = 'jwt_signing_key'");
        return new SymmetricSecurityKey(Convert.FromBase64String(stored));
    }
}

using System.Security.Cryptography;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Host.Auth;

/// <summary>
/// On a database with no users, creates "admin" with the password from CSM_ADMIN_PASSWORD, or a random one
/// printed once to the console (and never logged again or stored in clear).
/// </summary>
internal static class BootstrapAdmin
{
    public static async Task EnsureAsync(Db db, UserAccounts accounts, IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users") > 0) return;
        var configured = configuration["CSM_ADMIN_PASSWORD"];
        var password = string.IsNullOrEmpty(configured)
            ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y')
            : configured;
        var inserted = await connection.ExecuteAsync(
            db.Dialect.InsertIfAbsent("sys_users", "user_name, display_name, roles, password_hash, is_active, version, created_at",
                "@UserName, @DisplayName, @Roles, @Hash, 1, 1, @Now", "user_name"),
            new { UserName = "admin", DisplayName = "Administrator", Roles = Roles.Admin, Hash = accounts.HashPassword(password), Now = clock.GetUtcNow() });
        if (inserted == 1 && string.IsNullOrEmpty(configured))
        {
            Console.WriteLine();
            Console.WriteLine("  ┌──────────────────────────────────────────────────────────────");
            Console.WriteLine($"  │ Created user 'admin' with password: {password}");
            Console.WriteLine("  │ It is shown only this once. Set CSM_ADMIN_PASSWORD to choose it.");
            Console.WriteLine("  └──────────────────────────────────────────────────────────────");
            Console.WriteLine();
        }
    }
}

using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Csm.Host.Auth;

internal sealed class TokenIssuer(SigningKey key, TimeProvider clock, IConfiguration configuration)
{
    public const string Issuer = "csm";
    public const string Audience = "csm-api";

    public (string Token, DateTimeOffset ExpiresAt) Issue(IEnumerable<Claim> claims)
    {
        var now = clock.GetUtcNow();
        var expires = now + configuration.GetValue("Auth:TokenLifetime", TimeSpan.FromHours(8));
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return (token, expires);
    }
}

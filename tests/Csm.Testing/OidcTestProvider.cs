using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Csm.Testing;

/// <summary>
/// An OpenID Connect provider on 127.0.0.1 for tests: discovery, authorize (approves <see cref="Person"/> at once and
/// sends the browser back with a code), token (checks the code, the PKCE verifier and the client secret, and answers
/// with an RS256-signed ID token) and JWKS. <see cref="Tamper"/> makes it sign a token a relying party must refuse.
/// </summary>
public sealed class OidcTestProvider : IAsyncDisposable
{
    public const string ClientId = "csm";
    public const string ClientSecret = "csm-test-secret";

    public enum Tampering { None, WrongIssuer, WrongAudience, WrongNonce, Expired, WrongKey }

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly RSA _otherKey = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly TimeProvider _clock;

    /// <summary>The claims of the person who signs in next (sub, email, name, preferred_username, roles...).</summary>
    public Dictionary<string, object> Person { get; set; } = new() { ["sub"] = "u-1", ["email"] = "li.na@example.com", ["name"] = "李娜" };

    public Tampering Tamper { get; set; }

    public string Authority { get; private set; } = "";

    /// <summary>A client for the provider's own pages, following no redirect (the test plays the browser).</summary>
    public HttpClient Browser { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

    private sealed record Grant(string ClientId, string RedirectUri, string? Nonce, string Challenge, Dictionary<string, object> Person);

    private OidcTestProvider(TimeProvider clock)
    {
        _clock = clock;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Authority,
            ["authorization_endpoint"] = Authority + "/authorize",
            ["token_endpoint"] = Authority + "/token",
            ["jwks_uri"] = Authority + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["scopes_supported"] = new[] { "openid", "profile", "email" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var p = _key.ExportParameters(false);
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = "test-key", n = Base64UrlEncoder.Encode(p.Modulus), e = Base64UrlEncoder.Encode(p.Exponent) } } });
        });
        _app.MapGet("/authorize", (HttpRequest r) =>
        {
            var q = r.Query;
            if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
                return Results.BadRequest("invalid_request");
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(ClientId, q["redirect_uri"]!, q["nonce"], q["code_challenge"]!, new Dictionary<string, object>(Person));
            var back = $"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"].ToString())}";
            return Results.Redirect(back);
        });
        _app.MapPost("/token", async (HttpRequest r) =>
        {
            var form = await r.ReadFormAsync();
            var (id, secret) = Client(r, form);
            if (id != ClientId || secret != ClientSecret) return Results.Json(new { error = "invalid_client" }, statusCode: 401);
            if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant) || grant.RedirectUri != form["redirect_uri"])
                return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (challenge != grant.Challenge) return Results.Json(new { error = "invalid_grant", error_description = "PKCE" }, statusCode: 400);
            return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = IdToken(grant) });
        });
    }

    public static async Task<OidcTestProvider> StartAsync(TimeProvider? clock = null)
    {
        var provider = new OidcTestProvider(clock ?? TimeProvider.System);
        await provider._app.StartAsync();
        var address = provider._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        provider.Authority = address.TrimEnd('/');
        return provider;
    }

    /// <summary>The settings that point a Csm host at this provider.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Oidc:Authority"] = Authority, ["Oidc:ClientId"] = ClientId, ["Oidc:ClientSecret"] = ClientSecret,
            ["Oidc:RequireHttpsMetadata"] = "false", ["Oidc:DisplayName"] = "Test SSO",
        };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static (string? Id, string? Secret) Client(HttpRequest r, IFormCollection form)
    {
        var header = r.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }
        return (form["client_id"], form["client_secret"]);
    }

    private string IdToken(Grant grant)
    {
        var now = _clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>(grant.Person);
        if (grant.Nonce is not null) claims["nonce"] = Tamper == Tampering.WrongNonce ? "not-the-nonce" : grant.Nonce;
        var issued = Tamper == Tampering.Expired ? now.AddHours(-2) : now;
        var key = Tamper == Tampering.WrongKey ? _otherKey : _key;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Tamper == Tampering.WrongIssuer ? "https://impostor.example" : Authority,
            Audience = Tamper == Tampering.WrongAudience ? "another-app" : grant.ClientId,
            Claims = claims,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued.AddMinutes(Tamper == Tampering.Expired ? 30 : 5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key) { KeyId = "test-key" }, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        Browser.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
        _otherKey.Dispose();
    }
}

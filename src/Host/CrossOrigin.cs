using Csm.BuildingBlocks.Modules;

namespace Csm.Host;

/// <summary>
/// Cross-origin calls from a customer's own web site (the feedback widget, an embedded web form) reach the public API
/// only (<c>/api/public/...</c>), only from the origins an admin names in <c>Cors:Origins</c>, without cookies. With no
/// origin named there is no CORS at all, and no staff endpoint ever answers another origin.
/// </summary>
internal static class CrossOrigin
{
    public const string Policy = "public-api";

    public static IServiceCollection AddCsmCrossOrigin(this IServiceCollection services, IConfiguration configuration)
    {
        var origins = Origins(configuration);
        if (origins.Length == 0) return services;
        return services.AddCors(o => o.AddPolicy(Policy, p => p
            .WithOrigins(origins)
            .WithMethods("GET", "POST")
            .WithHeaders("Content-Type", "Accept", "Accept-Language")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))));
    }

    public static void UseCsmCrossOrigin(this WebApplication app)
    {
        if (Origins(app.Configuration).Length == 0) return;
        app.UseWhen(c => c.Request.Path.StartsWithSegments("/api/public"), b => b.UseCors(Policy));
    }

    internal static string[] Origins(IConfiguration configuration)
    {
        var origins = configuration.GetSection("Cors:Origins").Get<string[]>() ?? [];
        foreach (var origin in origins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || uri.PathAndQuery != "/" || origin.EndsWith('/'))
                throw HostCannotStart.Setting("Cors:Origins", $"'{origin}' is not an origin; write it as scheme://host[:port], e.g. https://www.example.com.");
        }
        return origins;
    }
}

using System.Net;
using Csm.BuildingBlocks.Modules;
using Microsoft.AspNetCore.HttpOverrides;

namespace Csm.Host;

/// <summary>
/// A host behind a reverse proxy or load balancer. X-Forwarded-For and X-Forwarded-Proto are believed only from
/// the proxies named in Proxy:KnownProxies (addresses) and Proxy:KnownNetworks (CIDR ranges), so a client cannot
/// claim another address and the rate limits partition by the real client; with none named the headers are
/// ignored. Https:Redirect sends plain HTTP to HTTPS and Https:Hsts adds Strict-Transport-Security, each only when set.
/// </summary>
internal static class BehindAProxy
{
    public static void AddCsmProxies(this IServiceCollection services, IConfiguration configuration)
    {
        // Read when first needed, from the configuration as finally built (every source in).
        services.AddOptions<ForwardedHeadersOptions>().Configure<IConfiguration>((o, settings) =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // ASP.NET Core trusts loopback by default; Csm trusts exactly what the operator names.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in Parse(settings, "Proxy:KnownProxies", "an IP address",
                         text => (IPAddress.TryParse(text, out var address), address!)))
                o.KnownProxies.Add(proxy);
            foreach (var network in Parse(settings, "Proxy:KnownNetworks", "a network in CIDR form, e.g. 10.0.0.0/8",
                         text => (System.Net.IPNetwork.TryParse(text, out var network), network)))
                o.KnownIPNetworks.Add(network);
            o.ForwardLimit = settings.GetValue("Proxy:ForwardLimit", 1);
        });
        services.AddHsts(o => o.MaxAge = configuration.GetValue("Https:HstsMaxAge", TimeSpan.FromDays(365)));
        services.AddHttpsRedirection(o =>
        {
            if (configuration.GetValue<int?>("Https:Port") is { } port) o.HttpsPort = port;
        });
    }

    public static void UseCsmProxies(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count > 0 || options.KnownIPNetworks.Count > 0) app.UseForwardedHeaders();
        if (app.Configuration.GetValue("Https:Hsts", false)) app.UseHsts();
        if (app.Configuration.GetValue("Https:Redirect", false)) app.UseHttpsRedirection();
    }

    private static List<T> Parse<T>(IConfiguration configuration, string key, string what, Func<string, (bool Ok, T Value)> parse)
    {
        var section = configuration.GetSection(key);
        // One value ("10.0.0.5") or a list (Proxy:KnownProxies:0, :1, ...), as environment variables and JSON give them.
        var texts = section.Value is { Length: > 0 } single ? single.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(c => c.Value ?? "").ToArray();
        var parsed = new List<T>();
        foreach (var text in texts)
        {
            var (ok, value) = parse(text.Trim());
            if (!ok) throw HostCannotStart.Setting(key, $"'{text}' is not {what}.");
            parsed.Add(value);
        }
        return parsed;
    }
}

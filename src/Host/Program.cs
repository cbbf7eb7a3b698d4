using System.Text.Json;
using System.Text.Json.Serialization;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Http;
using Csm.BuildingBlocks.Modules;
using Csm.Host;
using Csm.Host.Auth;
using Csm.Host.OpenApi;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;

// "--demo" starts with demo data; it is the one flag without a value.
var demo = args.Contains("--demo");
var hostArgs = args.Where(a => a != "--demo").ToArray();
// appsettings*.json are still reloaded when changed, but by looking at those files every few seconds rather than through
// a watcher over the whole content root, which would wake for every write to the SQLite file in the data folder below it.
if (Environment.GetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER") is null)
    Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = hostArgs, ContentRootPath = HostFolders.ContentRoot(hostArgs) });
if (demo) builder.Configuration["Demo:Enabled"] = "true";
HostFolders.UseDataFolder(builder.Configuration, builder.Environment.ContentRootPath);
try
{
    var modules = HostModules.All;
    builder.Services.AddHostedService<StartupTasks>();
    builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
    builder.Services.Configure<Microsoft.AspNetCore.Mvc.JsonOptions>(o => ConfigureJson(o.JsonSerializerOptions));
    builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
    {
        c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
        c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier;
    });
    builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
    builder.Services.AddCsmPlatform(builder.Configuration, modules);
    builder.Services.AddCsmEndpoints(modules.Select(m => m.Assembly).Append(typeof(Program).Assembly));
    PlatformServices.AddHandlersAndValidators(builder.Services, typeof(Program).Assembly);
    builder.Services.AddSingleton<UserAccounts>();
    builder.Services.AddSingleton<SignInThrottle>();
    builder.Services.AddSingleton<IPasswordHasher<string>, PasswordHasher<string>>();
    builder.Services.AddSingleton<IStaffDirectory, StaffDirectory>();
    builder.Services.AddSingleton<IDemoData, StaffDemo>();
    builder.Services.AddCsmAuth(builder.Configuration);
    builder.Services.AddSingleton(new ScheduledJob(typeof(Csm.Host.Operations.AuditRetention), Csm.Host.Operations.AuditRetention.JobName, Interval: TimeSpan.FromHours(1)));
    builder.Services.AddSingleton<Csm.Host.Operations.AuditRetention>();
    builder.Services.AddSingleton(new ScheduledJob(typeof(Csm.Host.Operations.OutboxRetention), Csm.Host.Operations.OutboxRetention.JobName, Interval: TimeSpan.FromHours(1)));
    builder.Services.AddSingleton<Csm.Host.Operations.OutboxRetention>();
    builder.Services.AddCsmScheduling(builder.Configuration);
    builder.Services.AddCsmOpenApi();
    builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    builder.Services.AddCsmProxies(builder.Configuration);
    builder.Services.AddCsmKeyRing();
    builder.Services.AddCsmCrossOrigin(builder.Configuration);
    builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = 64 * 1024 * 1024);

    var app = builder.Build();

    app.UseCsmProxies();
    app.UseCsmSecurityHeaders();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    if (app.Configuration.GetValue("OpenApi:Enabled", true))
    {
        app.UseSwagger();
        app.UseSwaggerUI(o =>
        {
            o.SwaggerEndpoint("/swagger/v1/swagger.json", "Csm API v1");
            o.DocumentTitle = "Csm API";
            o.EnablePersistAuthorization();
            // Tags open on a click: Swagger UI 5 stops rendering after the first few tags when it lists all ~140
            // operations at once (seen in Chromium: 3 of 11 tags shown), and a list that long is not read anyway.
            o.DocExpansion(Swashbuckle.AspNetCore.SwaggerUI.DocExpansion.None);
        });
    }
    app.UseDefaultFiles();
    app.UseStaticFiles();
    app.UseCsmCrossOrigin();
    app.UseRouting();
    app.UseMiddleware<RequestLimitsMiddleware>();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseMiddleware<AddressLimits>();

    app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous();
    app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).AllowAnonymous();

    app.MapCsmEndpoints();
    // Deep links of the SPA fall back to its index page. /api paths are left out, so an unknown one stays a 404 problem
    // and a wrong content type a 415, never the SPA.
    app.MapFallbackToFile(SpaFallback, "index.html").AllowAnonymous();
    // The customer's survey page is its own light entry, no login.
    app.MapFallbackToFile("s/{token}", "survey.html").AllowAnonymous();
    // A survey's reusable link (shared, printed as a QR code, opened by the feedback widget in a frame on any site).
    app.MapFallbackToFile("f/{link}", "survey.html").AllowAnonymous();
    // The public web form, its own light entry too; the only page other sites may frame (Cors:Origins).
    app.MapFallbackToFile("support", "support.html").AllowAnonymous();
    // The customer portal (magic link at /portal#token): its own light entry; its API needs the portal session.
    app.MapFallbackToFile("portal", "portal.html").AllowAnonymous();

    app.Run();
    return 0;
}
catch (Exception e) when ((e as HostCannotStart ?? e.InnerException as HostCannotStart) is { } refused)
{
    // What the host cannot work with, in one line naming it; no stack trace.
    Console.Error.WriteLine($"Csm cannot start. {refused.Message}");
    return 1;
}

static void ConfigureJson(JsonSerializerOptions o)
{
    o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
    o.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
    // A field the request does not have is refused with a 400 naming it, instead of being dropped without a word.
    o.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
}

public partial class Program
{
    internal const string SpaFallback = "{*path:regex(^(?!api(/|$))):nonfile}";
}

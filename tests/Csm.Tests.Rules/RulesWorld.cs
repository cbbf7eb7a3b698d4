using System.Text.Json;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Jobs;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Rules;

/// <summary>
/// The other modules, simulated by writing their events into the outbox as they would, and the Rules module's
/// jobs run by hand on the test clock.
/// </summary>
internal sealed class RulesWorld : IAsyncDisposable
{
    public CsmFixture Csm { get; }

    /// <summary>The SMTP server the world's e-mails really go to.</summary>
    public SmtpTestServer Smtp { get; }

    private RulesWorld(CsmFixture csm, SmtpTestServer smtp)
    {
        Csm = csm;
        Smtp = smtp;
    }

    public static async Task<RulesWorld> StartAsync(Action<IServiceCollection>? services = null, Dictionary<string, string?>? settings = null)
    {
        var smtp = new SmtpTestServer();
        var all = smtp.Settings;
        foreach (var (key, value) in settings ?? []) all[key] = value;
        var csm = await CsmFixture.StartAsync(all, services);
        return new RulesWorld(csm, smtp);
    }

    public FakeTimeProvider Clock => Csm.Clock;
    public HttpClient Admin => Csm.Admin;
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

    /// <summary>Commits the events to the outbox, as their module would, and delivers them.</summary>
    public async Task PublishAsync(params IntegrationEvent[] events)
    {
        await using (var scope = Csm.Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<DbSession>();
            await session.BeginAsync();
            await scope.ServiceProvider.GetRequiredService<Outbox>().AddRangeAsync(events);
            await session.CommitAsync();
        }
        await Csm.DrainOutboxAsync();
    }

    public static CustomerUpserted Customer(long id, CustomerTier tier = CustomerTier.Standard, string? accountManager = "am.li",
        string[]? tags = null, Dictionary<string, string?>? fields = null, long version = 1, string? name = null, string language = "en") =>
        new(id, version, name ?? $"Customer {id}", CustomerKind.Company, tier, accountManager, tags ?? [], fields ?? new Dictionary<string, string?>(),
            $"c{id}@example.com", null, language, version == 1);

    public Task<List<RunSummary>> RunScheduledAsync(RunPhases? phases = null) => Csm.Service<ScheduledRules>().RunDueAsync(default, phases);

    /// <summary>Sends what is due through the outbound queue; how many were sent.</summary>
    public async Task<int> DeliverOutboundAsync() => (await Csm.SendOutboundAsync()).Sent;

    /// <summary>Integration events of a type written to the outbox so far, oldest first.</summary>
    public async Task<List<T>> EventsAsync<T>()
    {
        await using var c = await Csm.Service<Db>().OpenAsync();
        var payloads = await c.QueryAsync<string>("SELECT payload FROM outbox_messages WHERE type = @Type ORDER BY id", new { Type = typeof(T).FullName });
        return payloads.Select(p => JsonSerializer.Deserialize<T>(p, Outbox.Json)!).ToList();
    }

    public ReceivedMail[] Mails() => Smtp.Received.ToArray();

    public async Task<long> EnableTemplateAsync(string key, HttpClient? manager = null)
    {
        var response = await (manager ?? Admin).PostJsonAsync($"/api/rule-templates/{key}/rules", new { enabled = true }).ExpectAsync(201);
        return (await response.NodeAsync())["id"]!.GetValue<long>();
    }

    public async Task<long> CreateRuleAsync(object rule)
    {
        var response = await Admin.PostJsonAsync("/api/rules", rule).ExpectAsync(201);
        return (await response.NodeAsync())["id"]!.GetValue<long>();
    }

    public async Task<JsonNode> DryRunAsync(long ruleId, HttpClient? manager = null) =>
        await (await (manager ?? Admin).PostAsync($"/api/rules/{ruleId}/dry-run", null).ExpectAsync(200)).NodeAsync();

    public static long[] CustomerIds(JsonNode dryRun, bool onlyWouldFire = true) => dryRun["customers"]!.AsArray()
        .Where(c => !onlyWouldFire || c!["wouldFire"]!.GetValue<bool>())
        .Select(c => c!["customerId"]!.GetValue<long>()).Order().ToArray();

    public async ValueTask DisposeAsync()
    {
        await Csm.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

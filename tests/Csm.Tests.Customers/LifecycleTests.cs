using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Csm.Modules.Rules.Contracts;

namespace Csm.Tests.Customers;

/// <summary>
/// A customer's lifecycle status: set explicitly (import, API, rule) or derived from contracts and orders, shown with its
/// origin and start, recorded in the history, and counted by the retention report across the whole base.
/// </summary>
public sealed class LifecycleTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 2, 0, 0, TimeSpan.Zero);

    private static StringContent Csv(string text) => new(text, new UTF8Encoding(false), "text/csv");

    [Test]
    public async Task The_telco_file_as_billing_then_crm_loses_nothing_duplicates_nothing_and_gives_the_files_churn_rate()
    {
        var file = Datasets.Find("telco_customer_churn.csv");
        Assume.That(file, Is.Not.Null, "the shared datasets folder is beside the repository (or CSM_DATASETS names it)");
        await using var csm = await CsmFixture.StartAsync();
        await csm.Admin.PutJsonAsync("/api/customers/field-owners", new
        {
            owners = new[] { new { field = "lifecycleStatus", source = "billing" }, new { field = "tier", source = "crm" } },
        }).ExpectAsync(200);

        // Billing's file is the sample itself plus the e-mail billing sends invoices to, the one key both systems share.
        var lines = File.ReadAllLines(file!);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToList();
        string Email(string[] f) => f[Col("customerID")].ToLowerInvariant() + "@telco.example";
        var billingCsv = new StringBuilder(lines[0] + ",Email\n");
        foreach (var (line, f) in lines.Skip(1).Zip(rows)) billingCsv.Append(line).Append(',').Append(Email(f)).Append('\n');
        var mapping = new
        {
            columns = new Dictionary<string, string> { ["externalId"] = "customerID", ["name"] = "customerID", ["lifecycleStatus"] = "Churn", ["email"] = "Email" },
            constants = new Dictionary<string, string> { ["tier"] = "standard" },
            values = new Dictionary<string, Dictionary<string, string>> { ["lifecycleStatus"] = new() { ["Yes"] = "churned", ["No"] = "active" } },
        };
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var billing = await (await csm.Admin.PostAsync("/api/customers/import?source=billing&mapping=" + Uri.EscapeDataString(JsonSerializer.Serialize(mapping)),
            Csv(billingCsv.ToString())).ExpectAsync(200)).NodeAsync();
        Assert.That((billing["created"]!.GetValue<int>(), billing["failed"]!.GetValue<int>()), Is.EqualTo((rows.Count, 0)), billing.ToJsonString());

        // The CRM knows the same people under its own ids, with tiers, account managers, and its own (wrong) idea of who is active.
        var crmCsv = new StringBuilder("externalId,name,tier,accountManager,email,lifecycleStatus\n");
        foreach (var f in rows)
        {
            var tier = f[Col("Contract")] switch { "Two year" => "vip", "One year" => "standard", _ => "prospect" };
            crmCsv.Append("CRM-").Append(f[Col("customerID")]).Append(",Telco customer ").Append(f[Col("customerID")]).Append(',').Append(tier)
                .Append(f[Col("SeniorCitizen")] == "1" ? ",li.na," : ",wang.wei,").Append(Email(f)).Append(",active\n");
        }
        var billingTook = clock.Elapsed;
        clock.Restart();
        var crm = await csm.Admin.ImportCsvAsync(crmCsv.ToString(), source: "crm");
        var crmTook = clock.Elapsed;
        var churnedInFile = rows.Count(f => f[Col("Churn")] == "Yes");
        Assert.That((crm["created"]!.GetValue<int>(), crm["linked"]!.GetValue<int>(), crm["failed"]!.GetValue<int>()), Is.EqualTo((0, rows.Count, 0)), crm.ToJsonString());
        Assert.That(crm["kept"]!.GetValue<int>(), Is.EqualTo(churnedInFile), "billing owns the status: the CRM's 'active' is kept out wherever billing said churned");

        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?pageSize=1"))["total"]!.GetValue<long>(), Is.EqualTo(rows.Count), "nothing duplicated");
        var churnedListed = await csm.Admin.GetNodeAsync("/api/customers?pageSize=5&lifecycle=churned");
        Assert.That(churnedListed["total"]!.GetValue<long>(), Is.EqualTo(churnedInFile));
        Assert.That(churnedListed["items"]!.AsArray().Select(i => i!["lifecycleStatus"]!.GetValue<string>()), Is.All.EqualTo("churned"));
        var churnedRow = rows.First(f => f[Col("Churn")] == "Yes" && f[Col("Contract")] == "One year");
        var one = (await csm.Admin.GetNodeAsync("/api/customers?q=" + churnedRow[Col("customerID")]))["items"]![0]!;
        one = await csm.Admin.GetNodeAsync($"/api/customers/{one["id"]}");
        Assert.That(one["externalIds"]!.AsArray().Select(e => $"{e!["source"]}/{e["id"]}"),
            Is.EquivalentTo(new[] { $"billing/{churnedRow[Col("customerID")]}", $"crm/CRM-{churnedRow[Col("customerID")]}" }), "both systems' ids on one customer");
        Assert.That((one["lifecycle"]!["status"]!.GetValue<string>(), one["lifecycle"]!["origin"]!.GetValue<string>()), Is.EqualTo(("churned", "explicit")));
        Assert.That((one["tier"]!.GetValue<string>(), one["accountManager"]!.GetValue<string>(), one["contacts"]![0]!["email"]!.GetValue<string>()),
            Is.EqualTo(("standard", churnedRow[Col("SeniorCitizen")] == "1" ? "li.na" : "wang.wei", Email(churnedRow))), "the CRM's tier and manager, billing's e-mail kept");

        clock.Restart();
        await csm.DrainOutboxAsync();
        var drainTook = clock.Elapsed;
        clock.Restart();
        var report = await csm.Admin.GetNodeAsync("/api/reports/retention/base");
        TestContext.Out.WriteLine($"{rows.Count} rows: billing import {billingTook.TotalMilliseconds:F0} ms, crm import (all linked by e-mail) {crmTook.TotalMilliseconds:F0} ms, " +
            $"outbox drained {drainTook.TotalMilliseconds:F0} ms, base retention report {clock.Elapsed.TotalMilliseconds:F0} ms");
        var all = report["base"]!;
        Assert.That((all["customers"]!.GetValue<long>(), all["classified"]!.GetValue<long>(), all["churned"]!.GetValue<long>(), all["explicit"]!.GetValue<long>()),
            Is.EqualTo(((long)rows.Count, (long)rows.Count, (long)churnedInFile, (long)rows.Count)));
        Assert.That(all["churnRate"]!.GetValue<double>(), Is.EqualTo(100.0 * churnedInFile / rows.Count).Within(1e-9), "the base churn rate is the file's");
        var monthToMonth = rows.Where(f => f[Col("Contract")] == "Month-to-month").ToList();
        var prospects = report["byTier"]!.AsArray().Single(g => g!["value"]!.GetValue<string>() == "prospect")!;
        Assert.That(prospects["churnRate"]!.GetValue<double>(), Is.EqualTo(100.0 * monthToMonth.Count(f => f[Col("Churn")] == "Yes") / monthToMonth.Count).Within(1e-9));
        Assert.That(report["byAccountManager"]!.AsArray().Sum(g => g!["customers"]!.GetValue<long>()), Is.EqualTo(rows.Count));
    }

    [Test]
    public async Task An_unknown_status_is_refused_naming_the_field_and_changes_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await csm.Admin.CreateIdAsync(new { name = "华东精密机械", tier = "vip", lifecycleStatus = "active" });
        var put = await (await csm.Admin.PutJsonAsync($"/api/customers/{id}/lifecycle", new { status = "gone" }).ExpectAsync(400)).NodeAsync();
        Assert.That(put.ErrorsFor("status").Single(), Does.Contain("active, atRisk, churned, wonBack"));
        var create = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "苏州新材料", tier = "vip", lifecycleStatus = "lost" }).ExpectAsync(400)).NodeAsync();
        Assert.That(create.ErrorsFor("lifecycleStatus"), Is.Not.Empty, create.ToJsonString());
        var import = await csm.Admin.ImportCsvAsync("externalId,name,tier,lifecycleStatus\nA1,苏州新材料,vip,Yes\n");
        Assert.That((import["failed"]!.GetValue<int>(), import["errors"]![0]!["field"]!.GetValue<string>()), Is.EqualTo((1, "lifecycleStatus")));
        var mapping = "{\"columns\":{\"externalId\":\"id\",\"name\":\"id\"},\"constants\":{\"tier\":\"vip\"},\"values\":{\"status\":{\"Yes\":\"churned\"}}}";
        var refused = await (await csm.Admin.PostAsync("/api/customers/import?source=billing&mapping=" + Uri.EscapeDataString(mapping), Csv("id\nB1\n")).ExpectAsync(400)).NodeAsync();
        Assert.That(refused.ErrorsFor("mapping.values.status"), Is.Not.Empty, refused.ToJsonString());

        var listed = await csm.Admin.GetNodeAsync("/api/customers?lifecycle=lost", 400);
        Assert.That(listed.ErrorsFor("lifecycle"), Is.Not.Empty, listed.ToJsonString());

        var customer = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That(customer["lifecycle"]!["status"]!.GetValue<string>(), Is.EqualTo("active"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?pageSize=1"))["total"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_status_set_by_a_person_shows_who_decided_and_since_when_and_is_in_the_history()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var id = await csm.Admin.CreateIdAsync(new { name = "华东精密机械", tier = "vip" });
        var set = await (await csm.Admin.PutJsonAsync($"/api/customers/{id}/lifecycle", new { status = "atRisk" }).ExpectAsync(200)).NodeAsync();
        Assert.That((set["lifecycle"]!["status"]!.GetValue<string>(), set["lifecycle"]!["origin"]!.GetValue<string>(), set["lifecycle"]!["since"]!.GetValue<DateTimeOffset>()),
            Is.EqualTo(("atRisk", "explicit", Now)));
        csm.Clock.Advance(TimeSpan.FromDays(1));
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        await admin.PutJsonAsync($"/api/customers/{id}/lifecycle", new { status = "atRisk" }).ExpectAsync(200);
        var again = await admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That(again["lifecycle"]!["since"]!.GetValue<DateTimeOffset>(), Is.EqualTo(Now), "the same status said again keeps its start");

        var history = (await admin.GetNodeAsync($"/api/customers/{id}/history")).AsArray();
        var changes = history.Where(h => h!["action"]!.GetValue<string>() == "customer.lifecycleChanged").ToList();
        Assert.That(changes, Has.Count.EqualTo(1), "only a change is recorded");
        Assert.That((changes[0]!["actor"]!.GetValue<string>(), changes[0]!["fields"]![0]!["field"]!.GetValue<string>()), Is.EqualTo(("admin", "lifecycle")));
        Assert.That(changes[0]!["fields"]![0]!["after"]!.GetValue<string>(), Does.Contain("atRisk"));

        await csm.DrainOutboxAsync();
        var report = await admin.GetNodeAsync("/api/reports/retention/base");
        Assert.That((report["base"]!["atRisk"]!.GetValue<long>(), report["base"]!["explicit"]!.GetValue<long>()), Is.EqualTo((1L, 1L)));
        using var csv = new HttpRequestMessage(HttpMethod.Get, "/api/reports/retention/base");
        csv.Headers.Accept.Add(new System.Net.Http.Headers.MediaTypeWithQualityHeaderValue("text/csv"));
        var lines = (await (await admin.SendAsync(csv).ExpectAsync(200)).Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n");
        Assert.That(lines[0], Does.StartWith("by,value,customers,classified,active,atRisk,churned,wonBack,explicit,derived,churnRate"));
        Assert.That(lines[1], Does.StartWith("base,all,1,1,0,1,0,0,1,0,0"));
    }

    [Test]
    public async Task Contracts_and_orders_derive_active_then_churned_after_the_quiet_days_then_won_back_by_a_new_order()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var admin = csm.Admin;
        var id = await admin.CreateIdAsync(new { name = "华东精密机械", tier = "vip", accountManager = "li.na" });
        var told = await admin.CreateIdAsync(new { name = "苏州新材料", tier = "standard", lifecycleStatus = "atRisk" });
        var prospect = await admin.CreateIdAsync(new { name = "无锡电子", tier = "prospect" });
        foreach (var customer in new[] { id, told })
            await admin.PostJsonAsync($"/api/customers/{customer}/contracts",
                new { number = $"HT-{customer}", startsOn = "2026-01-01", endsOn = "2026-03-31", value = 120000, status = "active" }).ExpectAsync(201);
        var derivation = csm.Service<Csm.Modules.Customers.Lifecycle.LifecycleDerivation>();

        await derivation.RunAsync();
        async Task<JsonNode?> LifecycleOf(long customer) => (await admin.GetNodeAsync($"/api/customers/{customer}"))["lifecycle"];
        Assert.That(((await LifecycleOf(id))!["status"]!.GetValue<string>(), (await LifecycleOf(id))!["origin"]!.GetValue<string>()), Is.EqualTo(("active", "derived")));
        Assert.That(await LifecycleOf(prospect), Is.Null, "no contract and no order: nothing to derive from");

        // The contract ended on 31 March and there was never an order: churned from the first run after.
        csm.Clock.Advance(TimeSpan.FromDays(31));
        admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        await derivation.RunAsync();
        var churned = (await LifecycleOf(id))!;
        Assert.That((churned["status"]!.GetValue<string>(), churned["since"]!.GetValue<DateTimeOffset>()), Is.EqualTo(("churned", csm.Clock.GetUtcNow())));
        Assert.That((await LifecycleOf(told))!["status"]!.GetValue<string>(), Is.EqualTo("atRisk"), "an explicit status is left as it was said");

        csm.Clock.Advance(TimeSpan.FromDays(10));
        admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        await admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = DateOnly.FromDateTime(csm.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"), amount = 5000, product = "备件" }).ExpectAsync(201);
        var run = await derivation.RunAsync();
        Assert.That(run.Changed, Is.EqualTo(1));
        Assert.That(((await LifecycleOf(id))!["status"]!.GetValue<string>(), (await LifecycleOf(id))!["origin"]!.GetValue<string>()), Is.EqualTo(("wonBack", "derived")));
        Assert.That((await derivation.RunAsync()).Changed, Is.Zero, "a second run changes nothing");

        var history = (await admin.GetNodeAsync($"/api/customers/{id}/history")).AsArray()
            .Where(h => h!["action"]!.GetValue<string>() == "customer.lifecycleChanged").Select(h => h!["fields"]![0]!["after"]!.GetValue<string>()).ToList();
        Assert.That(history.Select(h => JsonNode.Parse(h)!["status"]!.GetValue<string>()), Is.EqualTo(new[] { "active", "churned", "wonBack" }));

        await csm.DrainOutboxAsync();
        var report = await admin.GetNodeAsync("/api/reports/retention/base");
        Assert.That((report["base"]!["wonBack"]!.GetValue<long>(), report["base"]!["derived"]!.GetValue<long>(), report["base"]!["explicit"]!.GetValue<long>()),
            Is.EqualTo((1L, 1L, 1L)));
        var cohort = report["byCohort"]!.AsArray().Single(g => g!["value"]!.GetValue<string>() == "2026-01")!;
        Assert.That(cohort["customers"]!.GetValue<long>(), Is.EqualTo(2), "both contracts began in January");
        Assert.That(report["byAccountManager"]!.AsArray().Single(g => g!["value"]!.GetValue<string>() == "li.na")!["wonBack"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_rule_run_sets_the_status_of_the_customers_it_matches_and_an_unknown_status_is_refused_naming_the_action_field()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var vip = await csm.Admin.CreateIdAsync(new { name = "华东精密机械", tier = "vip" });
        var other = await csm.Admin.CreateIdAsync(new { name = "苏州新材料", tier = "standard" });
        await csm.DrainOutboxAsync();
        object Rule(string status) => new
        {
            name = "VIPs at risk", enabled = true, trigger = new { schedule = "0 0 8 * * ?" }, cooldownDays = 30,
            condition = new { fact = "tier", op = "eq", value = "vip" },
            actions = new object[] { new { type = "setLifecycleStatus", lifecycleStatus = status } },
        };
        var refused = await (await csm.Admin.PostJsonAsync("/api/rules", Rule("gone")).ExpectAsync(400)).NodeAsync();
        Assert.That(refused.ErrorsFor("actions[0].lifecycleStatus").Single(), Does.Contain("atRisk"), refused.ToJsonString());

        var rule = (await (await csm.Admin.PostJsonAsync("/api/rules", Rule("atRisk")).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();
        var run = await (await csm.Admin.PostAsync($"/api/rules/{rule}/runs", null).ExpectAsync(200)).NodeAsync();
        Assert.That(run["fired"]!.GetValue<int>(), Is.EqualTo(1));
        await csm.DrainOutboxAsync();
        var lifecycle = (await csm.Admin.GetNodeAsync($"/api/customers/{vip}"))["lifecycle"]!;
        Assert.That((lifecycle["status"]!.GetValue<string>(), lifecycle["origin"]!.GetValue<string>()), Is.EqualTo(("atRisk", "explicit")));
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{other}"))["lifecycle"], Is.Null);
        var change = (await csm.Admin.GetNodeAsync($"/api/customers/{vip}/history")).AsArray().Single(h => h!["action"]!.GetValue<string>() == "customer.lifecycleChanged")!;
        Assert.That(change["fields"]!.AsArray().Single(f => f!["field"]!.GetValue<string>() == "source")!["after"]!.GetValue<string>(), Does.StartWith($"rule:{rule}:"));
        var report = await csm.Admin.GetNodeAsync("/api/reports/retention/base");
        Assert.That(report["base"]!["atRisk"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task A_rules_set_lifecycle_status_action_makes_the_status_explicit()
    {
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(Now));
        var id = await csm.Admin.CreateIdAsync(new { name = "华东精密机械", tier = "vip" });
        await csm.DrainOutboxAsync();
        await csm.PublishAsync(new CustomerLifecycleRequested(id, "atRisk", "rule:1:1"));
        await csm.PublishAsync(new CustomerLifecycleRequested(id, "nonsense", "rule:1:2"));
        var lifecycle = (await csm.Admin.GetNodeAsync($"/api/customers/{id}"))["lifecycle"]!;
        Assert.That((lifecycle["status"]!.GetValue<string>(), lifecycle["origin"]!.GetValue<string>()), Is.EqualTo(("atRisk", "explicit")));
        var history = (await csm.Admin.GetNodeAsync($"/api/customers/{id}/history")).AsArray();
        Assert.That(history.Count(h => h!["action"]!.GetValue<string>() == "customer.lifecycleChanged"), Is.EqualTo(1));
    }
}

namespace Csm.Tests.Customers;

public sealed class CustomerRecordsTests
{
    private CsmFixture _csm = null!;

    [OneTimeSetUp]
    public async Task Start() => _csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)));

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    [Test]
    public async Task A_contract_is_upserted_by_number_and_published()
    {
        var id = await _csm.Admin.CreateIdAsync(new { name = "Contract Co", tier = "vip" });
        var created = await (await _csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts",
            new { number = "HT-1", startsOn = "2026-01-01", endsOn = "2026-12-31", value = 120000.50m }).ExpectAsync(201)).NodeAsync();
        Assert.That(created["status"]!.GetValue<string>(), Is.EqualTo("active"));
        Assert.That(created["value"]!.GetValue<decimal>(), Is.EqualTo(120000.50m));
        var updated = await (await _csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts",
            new { number = "HT-1", startsOn = "2026-01-01", endsOn = "2027-12-31", value = 130000m, status = "active" }).ExpectAsync(200)).NodeAsync();
        Assert.That(updated["version"]!.GetValue<long>(), Is.EqualTo(2));
        var list = await _csm.Admin.GetNodeAsync($"/api/customers/{id}/contracts");
        Assert.That(list.AsArray().Single()!["endsOn"]!.GetValue<string>(), Is.EqualTo("2027-12-31"));
        Assert.That(await _csm.OutboxTypesAsync(), Does.Contain("ContractUpserted"));

        var other = await _csm.Admin.CreateIdAsync(new { name = "Other", tier = "vip" });
        var conflict = await (await _csm.Admin.PostJsonAsync($"/api/customers/{other}/contracts",
            new { number = "HT-1", startsOn = "2026-01-01", endsOn = "2026-12-31", value = 1 }).ExpectAsync(409)).NodeAsync();
        Assert.That(conflict["detail"]!.GetValue<string>(), Does.Contain($"customer {id}"));
    }

    [Test]
    public async Task A_contract_ending_before_it_starts_or_with_a_bad_status_is_refused()
    {
        var id = await _csm.Admin.CreateIdAsync(new { name = "Bad Contract", tier = "vip" });
        var problem = await (await _csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts",
            new { number = "", startsOn = "2026-06-01", endsOn = "2026-01-01", value = -5, status = "forever" }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor("number"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("endsOn"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("value"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("status"), Is.Not.Empty);
        Assert.That((await _csm.Admin.GetNodeAsync($"/api/customers/{id}/contracts")).AsArray(), Is.Empty);
    }

    [Test]
    public async Task Assets_orders_and_interactions_are_recorded_and_listed()
    {
        var agent = await _csm.UserAsync("agent", "zhang.san");
        var id = await _csm.Admin.CreateIdAsync(new { name = "Records Co", tier = "standard" });
        var asset = await (await agent.PostJsonAsync($"/api/customers/{id}/assets",
            new { model = "CNC-5200", serialNumber = "SN1", installedOn = "2024-01-10", nextMaintenanceOn = "2026-12-01" }).ExpectAsync(201)).NodeAsync();
        await agent.PutJsonAsync($"/api/customers/{id}/assets/{asset["id"]}",
            new { model = "CNC-5200", serialNumber = "SN1", installedOn = "2024-01-10", nextMaintenanceOn = "2027-06-01", version = 1 }).ExpectAsync(200);
        var stale = await (await agent.PutJsonAsync($"/api/customers/{id}/assets/{asset["id"]}",
            new { model = "X", installedOn = "2024-01-10", version = 1 }).ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(2));
        await _csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-10-01", amount = 800.5m, product = "Spare parts kit" }).ExpectAsync(201);
        var call = await (await agent.PostJsonAsync($"/api/customers/{id}/interactions",
            new { channel = "call", direction = "inbound", summary = "客户来电询问保养计划" }).ExpectAsync(201)).NodeAsync();
        Assert.That(call["agent"]!.GetValue<string>(), Is.EqualTo("zhang.san"), "the signed-in agent by default");
        Assert.That(call["interactedAt"]!.GetValue<DateTimeOffset>(), Is.EqualTo(_csm.Clock.GetUtcNow()));

        var assets = await agent.GetNodeAsync($"/api/customers/{id}/assets");
        Assert.That(assets[0]!["nextMaintenanceOn"]!.GetValue<string>(), Is.EqualTo("2027-06-01"));
        var orders = await agent.GetNodeAsync($"/api/customers/{id}/orders");
        Assert.That(orders["items"]![0]!["amount"]!.GetValue<decimal>(), Is.EqualTo(800.5m));
        var interactions = await agent.GetNodeAsync($"/api/customers/{id}/interactions");
        Assert.That(interactions["items"]![0]!["summary"]!.GetValue<string>(), Is.EqualTo("客户来电询问保养计划"));
        var types = await _csm.OutboxTypesAsync();
        Assert.That(types, Does.Contain("AssetUpserted").And.Contain("OrderRecorded").And.Contain("InteractionRecorded"));
    }

    [Test]
    public async Task Orders_of_whole_and_fractional_amounts_are_listed_together_with_their_contracts_and_totals()
    {
        // SQLite keeps 100 as an integer and 99.5 as a real in the same column: each row is read whatever it holds.
        var id = await _csm.Admin.CreateIdAsync(new { name = "Mixed Amounts Co", tier = "standard" });
        await _csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-09-01", amount = 100m, product = "Kit" }).ExpectAsync(201);
        await _csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-10-01", amount = 99.5m, product = "Filter" }).ExpectAsync(201);
        await _csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-11-01", amount = 0m, product = "Free check" }).ExpectAsync(201);
        var orders = await _csm.Admin.GetNodeAsync($"/api/customers/{id}/orders");
        Assert.That(orders["items"]!.AsArray().Select(o => (o!["product"]!.GetValue<string>(), o["amount"]!.GetValue<decimal>())),
            Is.EqualTo(new[] { ("Free check", 0m), ("Filter", 99.5m), ("Kit", 100m) }));
        await _csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts", new { number = "MIX-1", startsOn = "2026-01-01", endsOn = "2026-12-31", value = 5000.25m }).ExpectAsync(201);
        await _csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts", new { number = "MIX-2", startsOn = "2026-01-01", endsOn = "2027-12-31", value = 7000m }).ExpectAsync(201);
        var contracts = (await _csm.Admin.GetNodeAsync($"/api/customers/{id}/contracts")).AsArray();
        Assert.That(contracts.Select(c => c!["value"]!.GetValue<decimal>()).Order(), Is.EqualTo(new[] { 5000.25m, 7000m }));
    }

    [Test]
    public async Task Bad_interaction_and_asset_input_is_refused_by_field()
    {
        var id = await _csm.Admin.CreateIdAsync(new { name = "Bad Input Co", tier = "standard" });
        var interaction = await (await _csm.Admin.PostJsonAsync($"/api/customers/{id}/interactions",
            new { channel = "fax", direction = "sideways", summary = "" }).ExpectAsync(400)).NodeAsync();
        Assert.That(new[] { "channel", "direction", "summary" }.All(f => interaction.ErrorsFor(f).Length > 0), interaction.ToJsonString());
        var asset = await (await _csm.Admin.PostJsonAsync($"/api/customers/{id}/assets",
            new { model = "", installedOn = "2026-01-01", nextMaintenanceOn = "2025-01-01" }).ExpectAsync(400)).NodeAsync();
        Assert.That(asset.ErrorsFor("model"), Is.Not.Empty);
        Assert.That(asset.ErrorsFor("nextMaintenanceOn"), Is.Not.Empty);
        var unknown = await (await _csm.Admin.PostJsonAsync("/api/customers/987654/orders", new { orderedOn = "2026-01-01", amount = 1, product = "x" }).ExpectAsync(404)).NodeAsync();
        Assert.That(unknown["detail"]!.GetValue<string>(), Does.Contain("987654"));
    }
}

using System.Text.Json.Nodes;

namespace Csm.Tests.Customers;

/// <summary>
/// Equipment, contracts, orders and interactions are part of the customer's trail in the audit log: who recorded or
/// changed what, before and after, in the change's own transaction; an erasure forgets what those entries said too.
/// </summary>
public sealed class CustomerRecordsAuditTests
{
    private static async Task<JsonArray> TrailAsync(CsmFixture csm, long customer) =>
        (await csm.Admin.GetNodeAsync($"/api/audit?entity=customer&entityId={customer}&pageSize=50"))["items"]!.AsArray();

    [Test]
    public async Task Recording_and_changing_equipment_contracts_orders_and_interactions_is_logged_with_who_before_and_after()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await csm.Admin.CreateIdAsync(new { name = "宁波水处理", tier = "vip" });
        var agent = await csm.UserAsync("agent", "li.na");
        var asset = await (await agent.PostJsonAsync($"/api/customers/{id}/assets",
            new { model = "RO-900", serialNumber = "SN-77881", installedOn = "2026-01-10" }).ExpectAsync(201)).NodeAsync();
        var change = new { model = "RO-900", serialNumber = "SN-77881", installedOn = "2026-01-10", nextMaintenanceOn = "2026-07-10", version = 1 };
        await agent.PutJsonAsync($"/api/customers/{id}/assets/{asset["id"]}", change).ExpectAsync(200);
        await agent.PutJsonAsync($"/api/customers/{id}/assets/{asset["id"]}", change).ExpectAsync(409);
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts", new { number = "HT-9", startsOn = "2026-01-01", endsOn = "2026-12-31", value = 1000 }).ExpectAsync(201);
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts", new { number = "HT-9", startsOn = "2026-01-01", endsOn = "2026-12-31", value = 1200 }).ExpectAsync(200);
        await csm.Admin.PostJsonAsync($"/api/customers/{id}/orders", new { orderedOn = "2026-11-01", amount = 880, product = "滤芯" }).ExpectAsync(201);
        await agent.PostJsonAsync($"/api/customers/{id}/interactions", new { channel = "call", direction = "inbound", summary = "客户来电询问滤芯更换" }).ExpectAsync(201);

        var trail = await TrailAsync(csm, id);
        string? Side(JsonNode entry, string side, string field) => entry[side]?[field]?.ToString();
        Assert.That(trail.Select(e => $"{e!["action"]} by {e["actor"]}"), Is.EqualTo(new[]
        {
            "interaction.created by li.na", "order.created by admin", "contract.updated by admin", "contract.created by admin",
            "asset.updated by li.na", "asset.created by li.na", "customer.created by admin",
        }), "newest first; the refused stale change left nothing");
        Assert.Multiple(() =>
        {
            Assert.That((Side(trail[0]!, "before", "summary"), Side(trail[0]!, "after", "summary")), Is.EqualTo(((string?)null, "客户来电询问滤芯更换")));
            Assert.That(Side(trail[1]!, "after", "product"), Is.EqualTo("滤芯"));
            // A contract's value is a decimal: 1000 on SQLite, 1000.00 from PostgreSQL's NUMERIC; the same amount either way.
            Assert.That((decimal.Parse(Side(trail[2]!, "before", "value")!, System.Globalization.CultureInfo.InvariantCulture),
                decimal.Parse(Side(trail[2]!, "after", "value")!, System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo((1000m, 1200m)));
            Assert.That(trail[2]!["changed"]!.AsArray().Select(c => c!.GetValue<string>()), Is.EquivalentTo(new[] { "value", "version" }));
            Assert.That((Side(trail[4]!, "before", "nextMaintenanceOn"), Side(trail[4]!, "after", "nextMaintenanceOn")), Is.EqualTo(((string?)null, "2026-07-10")));
            Assert.That(Side(trail[5]!, "after", "id"), Is.EqualTo(asset["id"]!.ToString()));
        });

        await csm.Admin.DeleteAsync($"/api/customers/{id}?erase=true").ExpectAsync(204);
        var erased = await TrailAsync(csm, id);
        Assert.That(erased.All(e => e!["before"] is null && e["after"] is null), Is.True, "an erasure forgets what the entries said");
        Assert.That(erased.ToJsonString(), Does.Not.Contain("SN-77881").And.Not.Contain("滤芯更换"));
    }
}

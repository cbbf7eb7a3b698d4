using System.Text.Json;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Customers.Contracts;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Tickets;

/// <summary>What ticket tests share: other modules' events written to the outbox, and reading what Tickets published.</summary>
internal static class TicketKit
{
    public static CustomerUpserted Customer(long id, CustomerTier tier = CustomerTier.Standard, string? accountManager = null, long version = 1) =>
        new(id, version, $"Customer {id}", CustomerKind.Company, tier, accountManager, [], new Dictionary<string, string?>(), null, null, "zh-CN", version == 1);

    public static Task KnownCustomerAsync(CsmFixture csm, long id, CustomerTier tier = CustomerTier.Standard, string? accountManager = null) =>
        csm.PublishAsync(Customer(id, tier, accountManager));

    public static async Task<JsonNode> OpenAsync(HttpClient client, long customerId, string type = "repair", string? priority = null,
        string channel = "phone", object? assignment = null, string subject = "Printer does not start")
    {
        var response = await client.PostJsonAsync("/api/tickets", new { customerId, typeCode = type, channel, priority, subject, description = "Since Monday", assignment })
            .ExpectAsync(201);
        return await response.NodeAsync();
    }

    public static async Task<JsonNode> MoveAsync(HttpClient client, JsonNode ticket, string to, object? fields = null, string? outcome = null) =>
        await (await client.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to, fields, outcome, version = Version(ticket) }).ExpectAsync(200)).NodeAsync();

    /// <summary>Changes one stage of a current workflow as a manager would in the editor; new tickets follow the new version.</summary>
    public static async Task EditStageAsync(CsmFixture csm, string workflow, string stage, Action<JsonObject> edit)
    {
        var body = await (await csm.Admin.GetAsync($"/api/workflows/{workflow}").ExpectAsync(200)).NodeAsync();
        edit(body["stages"]!.AsArray().Single(s => s!["code"]!.GetValue<string>() == stage)!.AsObject());
        await csm.Admin.PutJsonAsync($"/api/workflows/{workflow}", new
        {
            name = body["name"]!.GetValue<string>(), stages = body["stages"], transitions = body["transitions"], version = body["version"]!.GetValue<long>(),
        }).ExpectAsync(200);
    }

    public static long Id(JsonNode ticket) => ticket["id"]!.GetValue<long>();
    public static long Version(JsonNode ticket) => ticket["version"]!.GetValue<long>();

    /// <summary>The events of one type that Tickets wrote to the outbox, oldest first.</summary>
    public static async Task<List<T>> EventsAsync<T>(CsmFixture csm)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        var payloads = await c.QueryAsync<string>("SELECT payload FROM outbox_messages WHERE type = @Type ORDER BY id", new { Type = typeof(T).FullName });
        return payloads.Select(p => JsonSerializer.Deserialize<T>(p, Outbox.Json)!).ToList();
    }
}

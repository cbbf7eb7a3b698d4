using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Surveys;

/// <summary>The other modules, simulated by writing their events into the outbox and draining it.</summary>
internal static class World
{
    public static CustomerUpserted Customer(
        long id, string name = "王小明", CustomerTier tier = CustomerTier.Standard, string? email = "xiaoming@example.com",
        string? phone = "+8613800000000", string language = "zh-CN", string? accountManager = "am.li", long version = 1, params string[] tags) =>
        new(id, version, name, CustomerKind.Person, tier, accountManager, tags, new Dictionary<string, string?>(), email, phone, language, version == 1);

    public static TicketResolved Resolved(
        long ticketId, long customerId, DateTimeOffset at, string type = "repair", TicketKind kind = TicketKind.Repair,
        string? source = null, string? outcome = null, string? assignee = "agent.zhang", string? team = "after-sales") =>
        new(ticketId, $"T-{ticketId}", customerId, type, kind, TicketPriority.Normal, TicketChannel.Phone, assignee, team,
            at.AddHours(-5), at, 10, 240, true, false, source, outcome);

    public static async Task<long> CreateSurveyAsync(this CsmFixture csm, object draft)
    {
        var created = await (await csm.Admin.PostJsonAsync("/api/surveys", draft).ExpectAsync(201)).NodeAsync();
        return created["id"]!.GetValue<long>();
    }

    /// <summary>A link invitation (no message) for the customer, or an anonymous one; returns the token.</summary>
    public static async Task<string> LinkAsync(this CsmFixture csm, long surveyId, long? customerId = null, bool anonymous = false, int? validDays = null)
    {
        var body = new { customerId, channel = "link", anonymous, validDays };
        var node = await (await csm.Admin.PostJsonAsync($"/api/surveys/{surveyId}/invitations", body).ExpectAsync(201)).NodeAsync();
        return node["token"]!.GetValue<string>();
    }

    public static Task<HttpResponseMessage> AnswerAsync(this CsmFixture csm, string token, params object[] answers) =>
        csm.Anonymous().PostJsonAsync($"/api/public/surveys/{token}/responses", new { answers });
}

internal static class Events
{
    /// <summary>The events of a type this host wrote to its outbox, oldest first, as the other modules receive them.</summary>
    public static async Task<List<T>> WrittenAsync<T>(this CsmFixture csm) where T : IntegrationEvent
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        var payloads = await Dapper.SqlMapper.QueryAsync<string>(c, "SELECT payload FROM outbox_messages WHERE type = @Type ORDER BY id",
            new { Type = typeof(T).FullName });
        return payloads.Select(p => System.Text.Json.JsonSerializer.Deserialize<T>(p, Outbox.Json)!).ToList();
    }
}

using System.Text.Json;
using Csm.Modules.Rules.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Events;

/// <summary>
/// A rule's "add a tag" action: the tag lands on the customer like any profile change, with a new version and a
/// CustomerUpserted event. A tag the customer already has, or an erased customer, changes nothing.
/// </summary>
internal sealed class TagRequests(DbSession session, Outbox outbox, TimeProvider clock) : INotificationHandler<CustomerTagRequested>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task Handle(CustomerTagRequested e, CancellationToken ct)
    {
        var tag = e.Tag.Trim();
        if (tag.Length is 0 or > 100) return;
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var row = await c.QuerySingleOrDefaultAsync<CustomerRow>(
            $"SELECT {CustomerRow.Columns} FROM cus_customers WHERE id = @Id AND deleted_at IS NULL AND erased_at IS NULL", new { Id = e.CustomerId }, tx);
        if (row is null) return;
        var view = CustomerView.From(row, []);
        if (view.Tags.Contains(tag, StringComparer.OrdinalIgnoreCase)) return;
        var state = CustomerState.From(new CustomerInput
        {
            Name = view.Name, Kind = view.Kind, Tier = view.Tier, AccountManager = view.AccountManager, Language = view.Language,
            Contacts = view.Contacts, Tags = [.. view.Tags, tag],
        }, new Dictionary<string, JsonElement>(view.CustomFields));
        var changed = await c.ExecuteAsync(
            "UPDATE cus_customers SET tags = @Tags, row_hash = @Hash, version = version + 1, updated_at = @Now WHERE id = @Id AND version = @Version",
            new { Tags = JsonSerializer.Serialize(state.Tags, Json), Hash = state.Hash(), Now = clock.GetUtcNow(), Id = e.CustomerId, row.Version }, tx);
        if (changed == 0) throw new InvalidOperationException($"Customer {e.CustomerId} changed while tagging; the event will be retried.");
        await c.ExecuteAsync("INSERT INTO cus_customer_tags (customer_id, tag) VALUES (@Id, @Tag)", new { Id = e.CustomerId, Tag = tag }, tx);
        await outbox.AddAsync(state.ToEvent(e.CustomerId, row.Version + 1, created: false), ct);
    }
}

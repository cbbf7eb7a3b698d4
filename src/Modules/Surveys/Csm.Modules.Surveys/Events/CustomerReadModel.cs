using Csm.Modules.Surveys.Delivery;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Surveys.Data;
using Dapper;
using MediatR;

namespace Csm.Modules.Surveys.Events;

/// <summary>
/// Who can be surveyed and how to reach them, kept from the Customers module's events. Deliveries may come
/// out of order, so an older version never overwrites a newer one.
/// </summary>
internal sealed class CustomerReadModel(DbSession session, OutboundQueue outbound, TimeProvider clock)
    : IBatchNotificationHandler<CustomerUpserted>, INotificationHandler<CustomerErased>
{
    /// <summary>An import's customers as one run, in order, each as <see cref="Handle(CustomerUpserted, CancellationToken)"/> takes it alone.</summary>
    public async Task Handle(IReadOnlyList<CustomerUpserted> events, CancellationToken ct)
    {
        foreach (var e in events) await Handle(e, ct);
    }

    public async Task Handle(CustomerUpserted e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var row = new
        {
            Id = e.CustomerId, e.Version, FirstName = FirstNames.Of(e.Name, e.Kind), e.Email, e.Phone,
            Language = Languages.Normalize(e.Language), Tier = EnumText.Of(e.Tier), e.AccountManager, Now = clock.GetUtcNow(),
        };
        var changed = await c.ExecuteAsync(
            """
            UPDATE srv_customers SET version = @Version, first_name = @FirstName, email = @Email, phone = @Phone, language = @Language,
              tier = @Tier, account_manager = @AccountManager, updated_at = @Now
            WHERE customer_id = @Id AND version <= @Version AND erased = 0
            """, row, tx);
        changed += await c.ExecuteAsync(session.Dialect.InsertIfAbsent("srv_customers",
            "customer_id, version, first_name, email, phone, language, tier, account_manager, erased, updated_at",
            "@Id, @Version, @FirstName, @Email, @Phone, @Language, @Tier, @AccountManager, 0, @Now", "customer_id"), row, tx);
        if (changed == 0) return;
        await c.ExecuteAsync("DELETE FROM srv_customer_tags WHERE customer_id = @Id", new { Id = e.CustomerId }, tx);
        await c.ExecuteAsync("INSERT INTO srv_customer_tags (customer_id, tag) VALUES (@Id, @Tag)",
            e.Tags.Distinct(StringComparer.Ordinal).Select(t => new { Id = e.CustomerId, Tag = t }), tx);
    }

    /// <summary>Forget how to reach the customer, cancel what was not sent yet, and drop their comments; scores stay for the statistics.</summary>
    public async Task Handle(CustomerErased e, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction;
        var args = new { Id = e.CustomerId, Now = clock.GetUtcNow() };
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("srv_customers",
            "customer_id, version, language, tier, erased, updated_at", "@Id, 0, 'en', 'standard', 1, @Now", "customer_id"), args, tx);
        await c.ExecuteAsync(
            """
            UPDATE srv_customers SET first_name = NULL, email = NULL, phone = NULL, account_manager = NULL, erased = 1, updated_at = @Now
            WHERE customer_id = @Id
            """, args, tx);
        await c.ExecuteAsync("DELETE FROM srv_customer_tags WHERE customer_id = @Id", args, tx);
        var invitations = (await c.QueryAsync<long>("SELECT id FROM srv_invitations WHERE customer_id = @Id", args, tx)).Select(SurveyMessages.Key).ToList();
        await outbound.ForgetAsync(SurveyMessages.Module, invitations, "customer erased", ct);
        await c.ExecuteAsync("UPDATE srv_responses SET comment = NULL, answers = '[]' WHERE customer_id = @Id", args, tx);
    }
}

internal static class FirstNames
{
    /// <summary>
    /// The only personal data a public survey page shows. A company has none; a Latin name gives its first word;
    /// a Chinese name gives the given name after a one-character surname (the common case).
    /// </summary>
    public static string? Of(string name, CustomerKind kind)
    {
        if (kind == CustomerKind.Company || string.IsNullOrWhiteSpace(name)) return null;
        var trimmed = name.Trim();
        if (trimmed.Any(ch => ch >= '\u4e00' && ch <= '\u9fff'))
            return trimmed.Length >= 2 ? trimmed[1..] : trimmed;
        return trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
    }
}

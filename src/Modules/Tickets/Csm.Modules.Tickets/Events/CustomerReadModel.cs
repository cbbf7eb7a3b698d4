using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Sla;
using MediatR;

namespace Csm.Modules.Tickets.Events;

/// <summary>What Tickets knows of a customer: enough to open a ticket, pick its SLA (tier) and its account manager, and e-mail a reply.</summary>
internal sealed record KnownCustomer
{
    public long CustomerId { get; init; }
    public string Name { get; init; } = "";
    public string Tier { get; init; } = "";
    public string? AccountManager { get; init; }
    public string? Email { get; init; }
    public string? Language { get; init; }
    public bool IsErased { get; init; }
}

/// <summary>Keeps tkt_customers from the Customers module's events; a late, older version never overwrites a newer one.</summary>
internal sealed class CustomerReadModel(DbSession session, TimeProvider clock) :
    IBatchNotificationHandler<CustomerUpserted>, INotificationHandler<CustomerErased>
{
    /// <summary>An import's customers as one run, in order, each as <see cref="Handle(CustomerUpserted, CancellationToken)"/> takes it alone.</summary>
    public async Task Handle(IReadOnlyList<CustomerUpserted> events, CancellationToken ct)
    {
        foreach (var e in events) await Handle(e, ct);
    }

    public async Task Handle(CustomerUpserted e, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var args = new
        {
            e.CustomerId, e.Name, Tier = EnumText.Of(e.Tier), e.AccountManager, e.Email, e.Language, e.Version, Now = clock.GetUtcNow(),
        };
        var updated = await connection.ExecuteAsync(
            """
            UPDATE tkt_customers SET name = @Name, tier = @Tier, account_manager = @AccountManager, email = @Email, language = @Language,
              version = @Version, updated_at = @Now
            WHERE customer_id = @CustomerId AND version < @Version AND is_erased = 0
            """, args, session.Transaction);
        if (updated == 0)
        {
            await connection.ExecuteAsync(session.Dialect.InsertIfAbsent("tkt_customers",
                "customer_id, name, tier, account_manager, email, language, is_erased, version, updated_at",
                "@CustomerId, @Name, @Tier, @AccountManager, @Email, @Language, 0, @Version, @Now", "customer_id"), args, session.Transaction);
        }
    }

    public async Task Handle(CustomerErased e, CancellationToken ct)
    {
        var connection = await session.ConnectionAsync(ct);
        var args = new { e.CustomerId, Now = clock.GetUtcNow() };
        // An erasure may overtake the customer's creation: record it either way, so the customer stays closed to new tickets.
        await connection.ExecuteAsync(session.Dialect.InsertIfAbsent("tkt_customers",
            "customer_id, name, tier, account_manager, is_erased, version, updated_at",
            "@CustomerId, '', 'standard', NULL, 1, 0, @Now", "customer_id"), args, session.Transaction);
        await connection.ExecuteAsync(
            "UPDATE tkt_customers SET name = '', account_manager = NULL, email = NULL, is_erased = 1, updated_at = @Now WHERE customer_id = @CustomerId",
            args, session.Transaction);
    }

    public static Task<KnownCustomer?> FindAsync(System.Data.Common.DbConnection c, long customerId, System.Data.Common.DbTransaction? tx) =>
        c.QuerySingleOrDefaultAsync<KnownCustomer>(
            """
            SELECT customer_id AS CustomerId, name, tier, account_manager AS AccountManager, email, language, is_erased AS IsErased
            FROM tkt_customers WHERE customer_id = @Id
            """,
            new { Id = customerId }, tx);
}

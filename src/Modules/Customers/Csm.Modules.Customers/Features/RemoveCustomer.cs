using Csm.Modules.Customers.Contracts;

namespace Csm.Modules.Customers.Features;

/// <summary>
/// Archives a customer, or with erase=true anonymises them for a personal-data erasure request: the name, contacts,
/// custom fields, tags, external ids and what was said in interactions go; contracts, orders and scores stay as
/// anonymous business records so the reports keep adding up.
/// </summary>
internal sealed class RemoveCustomer(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : Endpoint<RemoveCustomer.QueryString, Results<NoContent, ProblemHttpResult>>
{
    /// <summary>The query string.</summary>
    public sealed record QueryString(bool Erase = false);

    public override void Configure()
    {
        Delete("customers/{id:long}");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_Remove")
            .WithSummary("Archives a customer; with erase=true erases their personal data")
            .WithDescription("Archiving needs `customers.archive` (managers), erasing `customers.erase` (admins); see GET /api/roles.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var id = Route<long>("id");
        var erase = query.Erase;
        // One route, two permissions: the refusal names the one the request needed.
        var needed = erase ? Can.EraseCustomers : Can.ArchiveCustomers;
        if (!User.Holds(needed)) return Problems.Forbidden(needed);
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var now = clock.GetUtcNow();
        if (!erase)
        {
            var archived = await c.ExecuteAsync("UPDATE cus_customers SET deleted_at = @Now, version = version + 1 WHERE id = @Id AND deleted_at IS NULL",
                new { Id = id, Now = now }, tx);
            if (archived == 0) return Problems.NotFound("Customer", id);
            await audit.RecordAsync("customers", "customer.archived", "customer", id, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.NoContent();
        }
        var erased = await c.ExecuteAsync(
            """
            UPDATE cus_customers SET name = @Name, account_manager = NULL, email = NULL, phone = NULL, tags = '[]', contacts = '[]',
              custom_fields = '{}', row_hash = '', version = version + 1, updated_at = @Now, erased_at = COALESCE(erased_at, @Now)
            WHERE id = @Id
            """, new { Id = id, Name = $"Erased customer {id}", Now = now }, tx);
        if (erased == 0) return Problems.NotFound("Customer", id);
        await c.ExecuteAsync(
            """
            DELETE FROM cus_customer_tags WHERE customer_id = @Id;
            DELETE FROM cus_external_ids WHERE customer_id = @Id;
            DELETE FROM cus_match_keys WHERE customer_id = @Id;
            UPDATE cus_interactions SET summary = '(erased)' WHERE customer_id = @Id;
            UPDATE cus_assets SET serial_number = NULL WHERE customer_id = @Id;
            UPDATE cus_ticket_view SET subject = '(erased)' WHERE customer_id = @Id;
            """, new { Id = id }, tx);
        await outbox.AddAsync(new CustomerErased(id), ct);
        // The log keeps that the customer was erased, by whom and when; what it said about the person goes too.
        await audit.ForgetAsync("customer", id, ct);
        await audit.RecordAsync("customers", "customer.erased", "customer", id, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

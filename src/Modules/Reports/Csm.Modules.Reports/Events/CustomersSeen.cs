using Csm.Modules.Customers.Contracts;
using MediatR;

using Csm.Modules.Reports.Facts;

namespace Csm.Modules.Reports.Events;

/// <summary>
/// Customer facts for retention: tier and account manager (newest version wins), lifecycle status (the newest start
/// wins), contracts (churned once every one has ended or been terminated; the first one's start is the cohort) and
/// orders (for repurchase). All upserts keyed on the other module's ids, so redelivery changes nothing.
/// </summary>
internal sealed class CustomersSeen(DbSession session) :
    IBatchNotificationHandler<CustomerUpserted>, INotificationHandler<CustomerErased>,
    INotificationHandler<ContractUpserted>, INotificationHandler<OrderRecorded>, INotificationHandler<CustomerLifecycleChanged>
{
    /// <summary>An import's customers as one run, in order, each as <see cref="Handle(CustomerUpserted, CancellationToken)"/> takes it alone.</summary>
    public async Task Handle(IReadOnlyList<CustomerUpserted> events, CancellationToken ct)
    {
        foreach (var e in events) await Handle(e, ct);
    }

    public async Task Handle(CustomerUpserted e, CancellationToken ct)
    {
        var c = await EnsureCustomerAsync(e.CustomerId, ct);
        await c.ExecuteAsync("UPDATE rpt_customers SET tier = @Tier, account_manager = @AccountManager, version = @Version WHERE customer_id = @CustomerId AND version <= @Version",
            new { e.CustomerId, Tier = Names.Camel(e.Tier), e.AccountManager, e.Version }, session.Transaction);
    }

    public async Task Handle(CustomerLifecycleChanged e, CancellationToken ct)
    {
        var c = await EnsureCustomerAsync(e.CustomerId, ct);
        await c.ExecuteAsync(
            """
            UPDATE rpt_customers SET lifecycle_status = @Status, lifecycle_explicit = @Explicit, lifecycle_since = @Since
            WHERE customer_id = @CustomerId AND (lifecycle_since IS NULL OR lifecycle_since <= @Since)
            """, new { e.CustomerId, e.Status, Explicit = e.Explicit ? 1 : 0, e.Since }, session.Transaction);
    }

    /// <summary>Scores stay in the figures; what could identify the customer (the link and their words) goes.</summary>
    public async Task Handle(CustomerErased e, CancellationToken ct)
    {
        var c = await EnsureCustomerAsync(e.CustomerId, ct);
        await c.ExecuteAsync("""
            UPDATE rpt_customers SET erased = 1 WHERE customer_id = @CustomerId;
            UPDATE rpt_responses SET customer_id = NULL, comment = NULL WHERE customer_id = @CustomerId;
            """, new { e.CustomerId }, session.Transaction);
    }

    public async Task Handle(ContractUpserted e, CancellationToken ct)
    {
        var c = await EnsureCustomerAsync(e.CustomerId, ct);
        var tx = session.Transaction;
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_contracts", "contract_id, customer_id, starts_on, ends_on, status",
            "@ContractId, @CustomerId, @StartsOn, @EndsOn, @Status", "contract_id"), new { e.ContractId, e.CustomerId, e.StartsOn, e.EndsOn, Status = Names.Camel(e.Status) }, tx);
        await c.ExecuteAsync("UPDATE rpt_contracts SET starts_on = @StartsOn, ends_on = @EndsOn, status = @Status WHERE contract_id = @ContractId",
            new { e.ContractId, e.StartsOn, e.EndsOn, Status = Names.Camel(e.Status) }, tx);
    }

    public async Task Handle(OrderRecorded e, CancellationToken ct)
    {
        var c = await EnsureCustomerAsync(e.CustomerId, ct);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_orders", "order_id, customer_id, ordered_on", "@OrderId, @CustomerId, @OrderedOn", "order_id"),
            new { e.OrderId, e.CustomerId, e.OrderedOn }, session.Transaction);
    }

    private async Task<System.Data.Common.DbConnection> EnsureCustomerAsync(long customerId, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("rpt_customers", "customer_id", "@CustomerId", "customer_id"), new { CustomerId = customerId }, session.Transaction);
        return c;
    }
}

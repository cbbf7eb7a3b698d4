using System.Text.Json;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Rules.Evaluation;
using MediatR;

using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Events;

/// <summary>Keeps the customer part of the facts from the Customers module's events, then evaluates the rules waiting for them.</summary>
internal sealed class CustomerFacts(FactsStore facts, EventRules rules) :
    IBatchNotificationHandler<CustomerUpserted>,
    INotificationHandler<CustomerErased>,
    INotificationHandler<ContractUpserted>,
    INotificationHandler<AssetUpserted>,
    INotificationHandler<InteractionRecorded>,
    INotificationHandler<OrderRecorded>
{
    public static string TagList(IEnumerable<string> tags) =>
        "|" + string.Concat(tags.Select(t => t.Replace("|", "", StringComparison.Ordinal).Trim()).Where(t => t.Length > 0)
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(t => t + "|"));


    /// <summary>An import's customers as one run, in order, each as <see cref="Handle(CustomerUpserted, CancellationToken)"/> takes it alone.</summary>
    public async Task Handle(IReadOnlyList<CustomerUpserted> events, CancellationToken ct)
    {
        foreach (var e in events) await Handle(e, ct);
    }

    public async Task Handle(CustomerUpserted e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        var (c, tx) = await facts.OpenAsync(ct);
        var changed = await Dapper.SqlMapper.ExecuteAsync(c,
            """
            UPDATE rul_customer_facts SET customer_version = @Version, name = @Name, tier = @Tier, account_manager = @AccountManager,
              email = @Email, language = @Language, tags = @Tags
            WHERE customer_id = @CustomerId AND customer_version <= @Version AND is_erased = 0
            """,
            new
            {
                e.CustomerId, e.Version, e.Name, Tier = EnumText.Of(e.Tier), e.AccountManager, e.Email, e.Language, Tags = TagList(e.Tags),
            }, tx);
        if (changed == 1)
        {
            await facts.ExecuteAsync("DELETE FROM rul_custom_fields WHERE customer_id = @CustomerId", new { e.CustomerId }, ct);
            await facts.ExecuteAsync("INSERT INTO rul_custom_fields (customer_id, name, value) VALUES (@CustomerId, @Name, @Value)",
                e.CustomFields.Select(f => new { e.CustomerId, Name = f.Key, f.Value }).ToList(), ct);
        }
        await rules.OnEventAsync(RuleEvents.CustomerUpserted, e.CustomerId, null, ct);
    }

    public async Task Handle(CustomerErased e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        await facts.ExecuteAsync(
            "UPDATE rul_customer_facts SET is_erased = 1, name = NULL, email = NULL, account_manager = NULL, tags = '|' WHERE customer_id = @CustomerId",
            new { e.CustomerId }, ct);
        await facts.ExecuteAsync("DELETE FROM rul_custom_fields WHERE customer_id = @CustomerId", new { e.CustomerId }, ct);
    }

    public async Task Handle(ContractUpserted e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        var p = new { e.ContractId, e.CustomerId, e.Number, e.EndsOn, e.Value, Status = e.Status.ToLowerInvariant() };
        if (!await facts.InsertIfAbsentAsync("rul_contracts", "contract_id, customer_id, number, ends_on, value, status",
                "@ContractId, @CustomerId, @Number, @EndsOn, @Value, @Status", "contract_id", p, ct))
        {
            await facts.ExecuteAsync(
                "UPDATE rul_contracts SET customer_id = @CustomerId, number = @Number, ends_on = @EndsOn, value = @Value, status = @Status WHERE contract_id = @ContractId", p, ct);
        }
        await rules.OnEventAsync(RuleEvents.ContractUpserted, e.CustomerId, null, ct);
    }

    public async Task Handle(AssetUpserted e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        var p = new { e.AssetId, e.CustomerId, e.Model, e.NextMaintenanceOn };
        if (!await facts.InsertIfAbsentAsync("rul_assets", "asset_id, customer_id, model, next_maintenance_on",
                "@AssetId, @CustomerId, @Model, @NextMaintenanceOn", "asset_id", p, ct))
        {
            await facts.ExecuteAsync(
                "UPDATE rul_assets SET customer_id = @CustomerId, model = @Model, next_maintenance_on = @NextMaintenanceOn WHERE asset_id = @AssetId", p, ct);
        }
        await rules.OnEventAsync(RuleEvents.AssetUpserted, e.CustomerId, null, ct);
    }

    public async Task Handle(InteractionRecorded e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        await facts.ExecuteAsync(
            """
            UPDATE rul_customer_facts SET last_interaction_at = @At
            WHERE customer_id = @CustomerId AND (last_interaction_at IS NULL OR last_interaction_at < @At)
            """, new { e.CustomerId, At = e.InteractedAt }, ct);
        await rules.OnEventAsync(RuleEvents.InteractionRecorded, e.CustomerId, null, ct);
    }

    public async Task Handle(OrderRecorded e, CancellationToken ct)
    {
        await facts.EnsureCustomerAsync(e.CustomerId, ct);
        if (await facts.InsertIfAbsentAsync("rul_orders", "order_id, customer_id, ordered_on", "@OrderId, @CustomerId, @OrderedOn", "order_id",
                new { e.OrderId, e.CustomerId, e.OrderedOn }, ct))
        {
            await facts.ExecuteAsync(
                """
                UPDATE rul_customer_facts SET order_count = order_count + 1,
                  last_order_on = CASE WHEN last_order_on IS NULL OR last_order_on < @OrderedOn THEN @OrderedOn ELSE last_order_on END
                WHERE customer_id = @CustomerId
                """, new { e.CustomerId, e.OrderedOn }, ct);
        }
        await rules.OnEventAsync(RuleEvents.OrderRecorded, e.CustomerId, null, ct);
    }
}

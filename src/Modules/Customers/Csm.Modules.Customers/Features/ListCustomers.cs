using System.Text.RegularExpressions;

namespace Csm.Modules.Customers.Features;

internal sealed partial class ListCustomers(DbSession session, CustomFieldCatalog catalog)
    : Endpoint<ListCustomers.QueryString, Results<Ok<Paged<ListCustomers.Item>>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Item(
        long Id, string Name, string Kind, string Tier, string? AccountManager, string? Email, string? Phone,
        IReadOnlyList<string> Tags, DateOnly? NextContractEnd, string? LifecycleStatus = null);

    private sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Tier { get; init; } = "";
        public string? AccountManager { get; init; }
        public string? Email { get; init; }
        public string? Phone { get; init; }
        public string Tags { get; init; } = "[]";
        public DateOnly? NextContractEnd { get; init; }
        public string? LifecycleStatus { get; init; }
    }

    /// <summary>The query string.</summary>
    public sealed record QueryString(
        string? Q = null, string? Tier = null, string? Tag = null, string? AccountManager = null, string? Field = null,
        DateOnly? ContractEndsBefore = null, int? Page = null, int? PageSize = null, bool? Archived = null, string? Lifecycle = null);

    public override void Configure()
    {
        Get("customers");
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_List")
            .WithSummary("Lists customers with filters and paging")
            .WithDescription("`q` matches name, e-mail, phone and external id; `field` is `key:value` on a custom field; " +
                             "`contractEndsBefore` keeps customers with an active contract ending on or before that date; `archived=true` lists the " +
                             "archived ones instead (customers.archive), to restore one; `lifecycle` keeps one lifecycle status (active, atRisk, churned, wonBack). Sorted by name.")
            .ProducesValidationProblem());
    }

    public override async Task<Results<Ok<Paged<Item>>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var (q, tier, tag, accountManager, field, contractEndsBefore, page, pageSize, archived, lifecycle) = query;
        var errors = new Dictionary<string, string[]>();
        if (tier is not null && !Vocabulary.Tiers.Contains(tier)) errors["tier"] = [Vocabulary.OneOf(Vocabulary.Tiers)];
        string? fieldKey = null, fieldValue = null;
        if (field is not null)
        {
            var parts = field.Split(':', 2);
            if (parts.Length != 2 || !FieldKey().IsMatch(parts[0]))
                errors["field"] = ["Use key:value, e.g. field=industry:manufacturing."];
            else if (!(await catalog.LoadAsync(ct)).ContainsKey(parts[0]))
                errors["field"] = [$"'{parts[0]}' is not a custom field."];
            else (fieldKey, fieldValue) = (parts[0], parts[1]);
        }
        if (lifecycle is not null && !Vocabulary.LifecycleStatuses.Contains(lifecycle)) errors["lifecycle"] = [Vocabulary.OneOf(Vocabulary.LifecycleStatuses)];
        if (q is { Length: > 200 }) errors["q"] = ["At most 200 characters."];
        if (errors.Count > 0) return Problems.Invalid(errors);
        if (archived == true && !User.Holds(Can.ArchiveCustomers)) return Problems.Forbidden(Can.ArchiveCustomers);

        var paging = PageRequest.From(page, pageSize);
        var d = session.Dialect;
        var where = new List<string> { archived == true ? "c.deleted_at IS NOT NULL" : "c.deleted_at IS NULL", "c.erased_at IS NULL" };
        var p = new DynamicParameters(new { Offset = paging.Offset, Limit = paging.PageSize });
        if (!string.IsNullOrWhiteSpace(q))
        {
            p.Add("Q", d.Contains(q.Trim()));
            p.Add("Exact", q.Trim());
            where.Add($"({d.Like("c.name", "@Q")} OR {d.Like("c.email", "@Q")} OR {d.Like("c.phone", "@Q")} " +
                      "OR EXISTS (SELECT 1 FROM cus_external_ids e WHERE e.customer_id = c.id AND e.external_id = @Exact))");
        }
        if (tier is not null) { p.Add("Tier", tier); where.Add("c.tier = @Tier"); }
        if (tag is not null) { p.Add("Tag", tag); where.Add("EXISTS (SELECT 1 FROM cus_customer_tags t WHERE t.customer_id = c.id AND t.tag = @Tag)"); }
        if (lifecycle is not null) { p.Add("Lifecycle", lifecycle); where.Add("c.lifecycle_status = @Lifecycle"); }
        if (accountManager is not null) { p.Add("AccountManager", accountManager); where.Add("c.account_manager = @AccountManager"); }
        if (fieldKey is not null) { p.Add("FieldValue", fieldValue); where.Add($"{d.JsonText("c.custom_fields", "$." + fieldKey)} = @FieldValue"); }
        if (contractEndsBefore is not null)
        {
            p.Add("EndsBefore", contractEndsBefore.Value);
            where.Add("EXISTS (SELECT 1 FROM cus_contracts k WHERE k.customer_id = c.id AND k.status = 'active' AND k.ends_on <= @EndsBefore)");
        }
        var filter = string.Join(" AND ", where);
        var c = await session.ConnectionAsync(ct);
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM cus_customers c WHERE {filter}", p);
        var rows = await c.QueryAsync<Row>(
            $"""
            SELECT c.id, c.name, c.kind, c.tier, c.account_manager AS AccountManager, c.email, c.phone, c.tags, c.lifecycle_status AS LifecycleStatus,
              (SELECT MIN(k.ends_on) FROM cus_contracts k WHERE k.customer_id = c.id AND k.status = 'active') AS NextContractEnd
            FROM cus_customers c WHERE {filter}
            ORDER BY c.name, c.id {d.Page}
            """, p);
        var items = rows.Select(r => new Item(r.Id, r.Name, r.Kind, r.Tier, r.AccountManager, r.Email, r.Phone,
            System.Text.Json.JsonSerializer.Deserialize<List<string>>(r.Tags) ?? [], r.NextContractEnd, r.LifecycleStatus)).ToList();
        return TypedResults.Ok(new Paged<Item>(items, total, paging.Page, paging.PageSize));
    }

    [GeneratedRegex(CustomFieldTypes.KeyPattern)]
    private static partial Regex FieldKey();
}

namespace Csm.Modules.Customers.Features;

/// <summary>
/// The duplicates queue: pairs of customers that may be one (equal names, normalised), each with both records' keys side
/// by side and what they share, for a person to merge (POST /api/customers/{id}/merge) or dismiss.
/// </summary>
internal sealed class ListDuplicates(DbSession session) : Endpoint<ListDuplicates.Filter, Paged<ListDuplicates.Item>>
{
    /// <param name="Status">open (default), dismissed or merged.</param>
    public sealed record Filter(string? Status = null, int? Page = null, int? PageSize = null);

    /// <summary>One side of the pair: what it is recognised by.</summary>
    public sealed record Record(long Id, string Name, string Kind, string Tier, string? AccountManager, string? CreditCode,
        IReadOnlyList<string> Emails, IReadOnlyList<string> Phones, IReadOnlyList<ExternalId> ExternalIds, DateTimeOffset CreatedAt);

    /// <param name="Reason">Why the pair was queued: "name" (normalised names equal) or "similarName" (one character apart).</param>
    /// <param name="Shared">The match keys both hold, as kind:key (name:acme, email:a@b.cn): the evidence.</param>
    public sealed record Item(long Id, string Reason, string Status, DateTimeOffset FoundAt, Record Customer, Record Duplicate, IReadOnlyList<string> Shared);

    internal sealed class Validator : Validator<Filter>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => s is "open" or "dismissed" or "merged").When(q => q.Status is not null).WithMessage("open, dismissed or merged.");
            RuleFor(q => q.Page).GreaterThan(0).When(q => q.Page is not null);
            RuleFor(q => q.PageSize).InclusiveBetween(1, 100).When(q => q.PageSize is not null);
        }
    }

    private sealed record Pair
    {
        public long Id { get; init; }
        public long CustomerId { get; init; }
        public long DuplicateId { get; init; }
        public string Reason { get; init; } = "";
        public string Status { get; init; } = "";
        public DateTimeOffset FoundAt { get; init; }
    }

    public override void Configure()
    {
        Get("customers/duplicates");
        Group<CustomersGroup>();
        Description(d => d.WithName("Customers_Duplicates").WithSummary("Lists likely duplicate customers with the evidence side by side"));
    }

    public override async Task<Paged<Item>> ExecuteAsync(Filter query, CancellationToken ct)
    {
        var page = PageRequest.From(query.Page, query.PageSize);
        var c = await session.ConnectionAsync(ct);
        var args = new { Status = query.Status ?? "open", page.Offset, Limit = page.PageSize };
        var total = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cus_duplicates WHERE status = @Status", args);
        var pairs = (await c.QueryAsync<Pair>(
            "SELECT id, customer_id AS CustomerId, duplicate_id AS DuplicateId, reason, status, found_at AS FoundAt FROM cus_duplicates WHERE status = @Status ORDER BY id "
            + session.Dialect.Page, args)).ToList();
        var ids = pairs.SelectMany(p => new[] { p.CustomerId, p.DuplicateId }).Distinct().ToList();
        var rows = (await c.QueryAsync<CustomerRow>($"SELECT {CustomerRow.Columns} FROM cus_customers WHERE id IN @Ids", new { Ids = ids })).ToList();
        var externalIds = (await c.QueryAsync<ExternalIdRow>(
            "SELECT customer_id AS CustomerId, source, external_id AS ExternalId FROM cus_external_ids WHERE customer_id IN @Ids ORDER BY source", new { Ids = ids })).ToLookup(e => e.CustomerId);
        var views = rows.Select(r => CustomerView.From(r, externalIds[r.Id])).ToDictionary(v => v.Id);
        var items = pairs.Select(p =>
        {
            var (a, b) = (views[p.CustomerId], views[p.DuplicateId]);
            var shared = Keys(a).Intersect(Keys(b)).Select(k => $"{k.Kind}:{k.Key}").ToList();
            // Names one character apart share no key of their own: the evidence is the two names as they were compared.
            if (p.Reason == "similarName") shared.Add($"similarName:{MatchKeys.CompanyName(a.Name)} ~ {MatchKeys.CompanyName(b.Name)}");
            return new Item(p.Id, p.Reason, p.Status, p.FoundAt, RecordOf(a), RecordOf(b), shared);
        }).ToList();
        return new Paged<Item>(items, total, page.Page, page.PageSize);
    }

    private static IReadOnlyList<MatchKey> Keys(CustomerView v) => MatchKeys.Of(v.Name, v.CreditCode, v.Contacts);

    private static Record RecordOf(CustomerView v) => new(v.Id, v.Name, v.Kind, v.Tier, v.AccountManager, v.CreditCode,
        v.Contacts.Select(x => x.Email).OfType<string>().Distinct().ToList(), v.Contacts.Select(x => x.Phone).OfType<string>().Distinct().ToList(),
        v.ExternalIds, v.CreatedAt);
}

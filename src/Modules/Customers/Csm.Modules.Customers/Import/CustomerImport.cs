
namespace Csm.Modules.Customers.Import;

internal sealed record ImportError(int Row, string? ExternalId, string Field, string Message);

internal sealed record ImportReport(int Total, int Created, int Updated, int Unchanged, int Failed, IReadOnlyList<ImportError> Errors, bool ErrorsTruncated);

/// <summary>
/// Upserts customers by (source, external id): every row is checked first, then the valid ones land in one transaction
/// with their events; invalid ones are reported and touch nothing. An unchanged row (same profile hash) writes nothing.
/// </summary>
internal sealed class CustomerImport(DbSession session, Outbox outbox, AuditTrail audit, CustomFieldCatalog catalog, TimeProvider clock)
{
    public const int MaxReportedErrors = 1000;
    private static readonly CustomerInputRules Rules = new();

    private sealed record Existing
    {
        public string Source { get; init; } = "";
        public string ExternalId { get; init; } = "";
        public long CustomerId { get; init; }
        public long Version { get; init; }
        public string RowHash { get; init; } = "";
        public long Archived { get; init; }
    }

    private sealed record Valid(ImportRow Row, ExternalId Key, CustomerState State);

    public async Task<ImportReport> RunAsync(IReadOnlyList<ImportRow> rows, string? defaultSource, CancellationToken ct)
    {
        var definitions = await catalog.LoadAsync(ct);
        // Checking is pure CPU work per row: spread it over the cores, keep the file's order.
        var checkedRows = new (Dictionary<string, string[]> Problems, CustomerState? State)[rows.Count];
        Parallel.For(0, rows.Count, new ParallelOptions { CancellationToken = ct }, i =>
        {
            var problems = Check(rows[i], defaultSource, definitions, out var state);
            state?.Hash();
            checkedRows[i] = (problems, state);
        });
        var errors = new List<ImportError>();
        var valid = new List<Valid>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, (problems, state)) = (rows[i], checkedRows[i]);
            if (problems.Count > 0)
                errors.AddRange(problems.Select(p => new ImportError(row.Row, row.ExternalId, p.Key, p.Value[0])));
            else
            {
                valid.Add(new Valid(row, new ExternalId((row.Source ?? defaultSource)!.Trim(), row.ExternalId!.Trim()), state!));
            }
        }
        foreach (var duplicate in valid.GroupBy(v => v.Key).Where(g => g.Count() > 1).ToList())
        {
            var where = string.Join(", ", duplicate.Select(v => v.Row.Row));
            foreach (var v in duplicate)
            {
                errors.Add(new ImportError(v.Row.Row, v.Key.Id, "externalId", $"{v.Key.Source}/{v.Key.Id} appears on rows {where} of this file; none of them was imported."));
                valid.Remove(v);
            }
        }

        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        // Take the write lock before reading what exists, so nothing changes between the read and the writes.
        await c.ExecuteAsync("UPDATE cus_customers SET version = version WHERE 1 = 0", transaction: tx);
        var sources = valid.Select(v => v.Key.Source).Distinct().ToList();
        var existing = (await c.QueryAsync<Existing>(
                """
                SELECT e.source, e.external_id AS ExternalId, e.customer_id AS CustomerId, c.version, c.row_hash AS RowHash,
                  CASE WHEN c.deleted_at IS NULL AND c.erased_at IS NULL THEN 0 ELSE 1 END AS Archived
                FROM cus_external_ids e JOIN cus_customers c ON c.id = e.customer_id WHERE e.source IN @Sources
                """, new { Sources = sources }, tx))
            .ToDictionary(e => new ExternalId(e.Source, e.ExternalId));

        var now = clock.GetUtcNow();
        var inserts = new List<ImportWriter.NewCustomer>();
        var updates = new List<ImportWriter.ChangedCustomer>();
        var events = new List<IntegrationEvent>();
        var unchanged = 0;
        foreach (var v in valid)
        {
            if (!existing.TryGetValue(v.Key, out var match))
            {
                inserts.Add(new ImportWriter.NewCustomer(v.Key, v.State));
                continue;
            }
            if (match.Archived == 1)
                errors.Add(new ImportError(v.Row.Row, v.Key.Id, "externalId", $"Customer {match.CustomerId} is archived or erased; it is not changed by imports."));
            else if (match.RowHash == v.State.Hash())
                unchanged++;
            else
            {
                updates.Add(new ImportWriter.ChangedCustomer(match.CustomerId, v.State));
                events.Add(v.State.ToEvent(match.CustomerId, match.Version + 1, created: false));
            }
        }
        await ImportWriter.UpdateAsync(c, tx, updates, now);
        var ids = await ImportWriter.InsertAsync(c, tx, session.Dialect, inserts, now);
        events.AddRange(inserts.Select(i => i.State.ToEvent(ids[i.Key], 1, created: true)));
        int created = inserts.Count, updated = updates.Count;
        await outbox.AddRangeAsync(events, ct);
        await audit.RecordAsync("customers", "customers.imported", "import", null,
            after: new { Source = defaultSource, Total = rows.Count, Created = created, Updated = updated, Unchanged = unchanged, Failed = rows.Count - created - updated - unchanged }, ct: ct);
        await session.CommitAsync(ct);

        var ordered = errors.OrderBy(e => e.Row).ToList();
        return new ImportReport(rows.Count, created, updated, unchanged, rows.Count - created - updated - unchanged,
            ordered.Take(MaxReportedErrors).ToList(), ordered.Count > MaxReportedErrors);
    }

    private static Dictionary<string, string[]> Check(
        ImportRow row, string? defaultSource, IReadOnlyDictionary<string, CustomFieldDefinition> definitions, out CustomerState? state)
    {
        state = null;
        if (row.Unreadable is not null)
            return new() { [row.Unreadable] = [row.Unreadable == "$" ? "The row is not a JSON object." : $"The value of '{row.Unreadable}' has the wrong type or format."] };
        var errors = Rules.Validate(row.Input).Errors.ToErrors();
        if (string.IsNullOrWhiteSpace(row.ExternalId)) errors["externalId"] = ["Every row needs its external id."];
        else if (row.ExternalId.Length > 200) errors["externalId"] = ["At most 200 characters."];
        var source = row.Source ?? defaultSource;
        if (string.IsNullOrWhiteSpace(source)) errors["source"] = ["Give the source system in a 'source' column or the ?source= parameter."];
        else if (source.Length > 100) errors["source"] = ["At most 100 characters."];
        var custom = CustomFieldValues.Check(definitions, row.Input.CustomFields, errors);
        if (errors.Count == 0)
        {
            state = CustomerState.From(row.Input with { ExternalIds = [new ExternalId(source!.Trim(), row.ExternalId!.Trim())] }, custom);
        }
        return errors;
    }
}

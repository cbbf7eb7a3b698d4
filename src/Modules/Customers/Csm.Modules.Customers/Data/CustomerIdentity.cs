using System.Data.Common;

namespace Csm.Modules.Customers.Data;

/// <summary>
/// Who a customer already is: their match keys (<see cref="MatchKeys"/>), kept in cus_match_keys on every write and
/// looked up set-wise (one indexed query per batch of keys); a strong key (credit code, e-mail, phone) names the same
/// customer, an equal normalised name only a likely duplicate, queued in cus_duplicates for a person to decide.
/// </summary>
internal static class CustomerIdentity
{
    private const int Chunk = 500;

    /// <summary>
    /// Replaces the match keys of these customers with those of their current profile (<paramref name="created"/>: they
    /// are new and have none yet). The keys travel as one JSON parameter: one statement however many customers.
    /// </summary>
    public static async Task WriteKeysAsync(DbConnection c, DbTransaction tx, ISqlDialect d, IReadOnlyCollection<(long Id, CustomerState State)> customers,
        bool created = false)
    {
        if (customers.Count == 0) return;
        if (!created)
            await c.ExecuteAsync($"DELETE FROM cus_match_keys WHERE customer_id IN (SELECT {d.JsonValue("j.value", "$[0]", SqlType.BigInt)} FROM {d.JsonRows("@Ids")} j)",
                new { Ids = JsonRows.Text(customers, static (w, x) => { w.WriteStartArray(); w.WriteNumberValue(x.Id); w.WriteEndArray(); }) }, tx);
        var keys = JsonRows.Text(customers.SelectMany(x => MatchKeys.Of(x.State).Select(k => (x.Id, k))), static (w, x) =>
        {
            w.WriteStartArray();
            w.WriteStringValue(x.k.Kind);
            w.WriteStringValue(x.k.Key);
            w.WriteNumberValue(x.Id);
            w.WriteEndArray();
        });
        await c.ExecuteAsync(
            $"""
            INSERT INTO cus_match_keys (kind, match_key, customer_id)
            SELECT {d.JsonText("j.value", "$[0]")}, {d.JsonText("j.value", "$[1]")}, {d.JsonValue("j.value", "$[2]", SqlType.BigInt)} FROM {d.JsonRows("@Keys")} j
            """, new { Keys = keys }, tx);
    }

    public static Task ForgetKeysAsync(DbConnection c, DbTransaction tx, long id) =>
        c.ExecuteAsync("DELETE FROM cus_match_keys WHERE customer_id = @Id", new { Id = id }, tx);

    /// <summary>A live customer (not archived, erased or merged away) that holds a key.</summary>
    private sealed record Holder(long CustomerId, MatchKey Key);

    /// <summary>
    /// Every live customer holding any of the keys, by key: one indexed read, the keys sent as one JSON parameter. Whether
    /// the holder is live is asked per key found, not joined: PostgreSQL, before it has statistics of a new database's
    /// customers, takes "not archived, not erased" for one row in 40,000, puts that one row first and compared every key of
    /// a 20,000-row import with every key in the table (the first import of the PostgreSQL benchmark ran over 10 minutes).
    /// </summary>
    public static async Task<ILookup<MatchKey, long>> HoldersAsync(DbConnection c, DbTransaction? tx, ISqlDialect d, IEnumerable<MatchKey> keys)
    {
        var wanted = keys.ToHashSet();
        if (wanted.Count == 0) return Array.Empty<Holder>().ToLookup(h => h.Key, h => h.CustomerId);
        var json = JsonRows.Text(wanted.Select(k => k.Key).Distinct(), static (w, key) =>
        {
            w.WriteStartArray();
            w.WriteStringValue(key);
            w.WriteEndArray();
        });
        var rows = await c.QueryAsync<(string Kind, string Key, long CustomerId)>(
            $"""
            SELECT k.kind, k.match_key, k.customer_id
            FROM (SELECT DISTINCT {d.JsonText("j.value", "$[0]")} AS match_key FROM {d.JsonRows("@Keys")} j) w
            CROSS JOIN cus_match_keys k
            WHERE k.match_key = w.match_key
              AND (SELECT COUNT(*) FROM cus_customers c WHERE c.id = k.customer_id AND c.deleted_at IS NULL AND c.erased_at IS NULL) = 1
            """, new { Keys = json }, tx);
        return rows.Select(r => new Holder(r.CustomerId, new MatchKey(r.Kind, r.Key))).Where(h => wanted.Contains(h.Key))
            .OrderBy(h => h.CustomerId).ToLookup(h => h.Key, h => h.CustomerId);
    }

    /// <summary>The sources each customer already has an external id from.</summary>
    public static async Task<ILookup<long, string>> SourcesAsync(DbConnection c, DbTransaction? tx, IEnumerable<long> ids)
    {
        var rows = new List<(long CustomerId, string Source)>();
        foreach (var chunk in ids.Distinct().Chunk(Chunk))
            rows.AddRange(await c.QueryAsync<(long, string)>("SELECT customer_id, source FROM cus_external_ids WHERE customer_id IN @Ids", new { Ids = chunk }, tx));
        return rows.ToLookup(r => r.CustomerId, r => r.Source);
    }

    /// <summary>
    /// The customer a new record is, by its strongest key (credit code, then e-mail, then phone), unless that customer
    /// already has another record of one of the new record's sources (two CRM records are two customers until a person merges them).
    /// </summary>
    public static long? SameAs(IEnumerable<MatchKey> keys, IEnumerable<string> sources, ILookup<MatchKey, long> holders, ILookup<long, string> theirSources) =>
        keys.Where(k => k.Strong)
            .OrderBy(k => k.Kind switch { MatchKey.CreditCode => 0, MatchKey.Email => 1, _ => 2 })
            .SelectMany(k => holders[k])
            .Cast<long?>()
            .FirstOrDefault(id => !sources.Any(source => theirSources[id!.Value].Contains(source, StringComparer.Ordinal)));

    /// <summary>
    /// Queues new companies whose normalised name equals another live customer's ("name"), or is one character from it
    /// ("similarName": equal once at most one character is left out of each, which every typo of one character is, for names
    /// of <see cref="MatchKeys.SimilarNameMinLength"/> characters or more, found through the stored name variants): each pair once, the older customer first. The queue
    /// shows both records side by side; a person merges or dismisses. People are not queued by name: two customers called
    /// 王芳 are two people far more often than one (an import of 50,000 people queued a million such pairs); a person is
    /// recognised by e-mail or phone.
    /// </summary>
    public static async Task<int> QueueLikelyDuplicatesAsync(
        DbConnection c, DbTransaction tx, ISqlDialect dialect, IReadOnlyCollection<(long Id, CustomerState State)> created, DateTimeOffset now)
    {
        var names = created.Where(x => x.State.Kind != "person").Select(x => (x.Id, Name: MatchKeys.CompanyName(x.State.Name))).Where(x => x.Name.Length > 0)
            .Select(x => (x.Id, Equal: new MatchKey(MatchKey.Name, x.Name), Similar: MatchKeys.SimilarNameProbes(x.Name).ToList())).ToList();
        if (names.Count == 0) return 0;
        var holders = await HoldersAsync(c, tx, dialect, names.SelectMany(n => n.Similar.Append(n.Equal)));
        var pairs = new Dictionary<(long, long), string>();
        foreach (var (id, equal, similar) in names)
        {
            foreach (var other in holders[equal].Where(o => o != id))
                pairs[(Math.Min(id, other), Math.Max(id, other))] = "name";
            // A common variant (a short name inside many longer ones) names a few candidates, not hundreds.
            foreach (var other in similar.SelectMany(k => holders[k].Take(SimilarPerKey)).Where(o => o != id).Distinct())
                pairs.TryAdd((Math.Min(id, other), Math.Max(id, other)), "similarName");
        }
        if (pairs.Count == 0) return 0;
        await c.ExecuteAsync(dialect.InsertIfAbsent("cus_duplicates", "customer_id, duplicate_id, reason, status, found_at",
                "@CustomerId, @DuplicateId, @Reason, 'open', @Now", "customer_id, duplicate_id"),
            pairs.Select(p => new { CustomerId = p.Key.Item1, DuplicateId = p.Key.Item2, Reason = p.Value, Now = now }), tx);
        return pairs.Count;
    }

    private const int SimilarPerKey = 20;
}

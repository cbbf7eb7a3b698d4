using Csm.BuildingBlocks.Modules;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Customers.Data;

/// <summary>
/// Gives customers stored before match keys existed (or by a Csm that did not keep them) their keys, at start-up and in
/// batches: every live customer has at least a name key, so one without any has never had them computed.
/// </summary>
internal sealed class MatchKeyBackfill : IAfterMigrations
{
    private const int Batch = 2000;
    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    public async Task RunAsync(IServiceProvider services, CancellationToken ct)
    {
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var after = 0L;
        while (await scopes.WriteAsync(async (session, c, tx) =>
               {
                   var rows = (await c.QueryAsync<(long Id, string Name, string? CreditCode, string Contacts, string Kind)>(
                       $"""
                           SELECT {session.Dialect.Top(Batch)} id, name, credit_code, contacts, kind FROM cus_customers c
                           WHERE id > @After AND erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM cus_match_keys k WHERE k.customer_id = c.id)
                           ORDER BY id {session.Dialect.Limit(Batch)}
                           """, new { After = after }, tx)).ToList();
                   if (rows.Count > 0) after = rows[^1].Id;
                   await c.ExecuteAsync("INSERT INTO cus_match_keys (kind, match_key, customer_id) VALUES (@Kind, @Key, @Id)",
                       rows.SelectMany(r => MatchKeys.Of(r.Name, r.CreditCode,
                               System.Text.Json.JsonSerializer.Deserialize<List<Contact>>(r.Contacts, Json) ?? [], r.Kind)
                           .Select(k => new { k.Kind, k.Key, r.Id })), tx);
                   return rows.Count == Batch;
               }, ct))
        {
        }
    }
}

using Csm.Modules.Reports.Rollups;
using static Csm.Modules.Reports.Features.ServiceReport;

namespace Csm.Modules.Reports.Reporting;

/// <summary>
/// Open tickets now, by age and stage. A backlog is a present state, not a history, so it is counted from the open
/// ticket facts (an index on is_open keeps that to the backlog itself) rather than from daily rollups.
/// </summary>
internal static class TicketBacklog
{
    public static readonly Backlog Empty = new(0, [], []);

    private static readonly (string Label, int Days)[] Ages = [("under1Day", 1), ("1to3Days", 3), ("3to7Days", 7), ("7to30Days", 30), ("over30Days", int.MaxValue)];

    private static readonly Dictionary<string, string> Columns = new()
    {
        [Measures.All] = "'all'", ["tier"] = "tier", ["ticketType"] = "type_code", ["channel"] = "channel", ["agent"] = "assignee", ["team"] = "team",
    };

    private sealed record Row
    {
        public string? Value { get; init; }
        public string? Stage { get; init; }
        public long Tickets { get; init; }
        public long Under1 { get; init; }
        public long Under3 { get; init; }
        public long Under7 { get; init; }
        public long Under30 { get; init; }
    }

    public static async Task<Dictionary<string, Backlog>> ReadAsync(DbSession session, string groupBy, DateTimeOffset now, CancellationToken ct)
    {
        var byLabel = !Columns.ContainsKey(groupBy);
        // A tag or a field: a ticket counts under each of its values, "(none)" when it has none.
        var column = byLabel ? $"COALESCE(l.value, '{Measures.NoValue}')" : Columns[groupBy];
        var from = byLabel ? "rpt_tickets LEFT JOIN rpt_ticket_labels l ON l.ticket_id = rpt_tickets.ticket_id AND l.dimension = @Dimension" : "rpt_tickets";
        var c = await session.ConnectionAsync(ct);
        var rows = await c.QueryAsync<Row>($"""
            SELECT {column} AS Value, stage AS Stage, COUNT(*) AS Tickets,
              SUM(CASE WHEN created_at > @D1 THEN 1 ELSE 0 END) AS Under1,
              SUM(CASE WHEN created_at > @D3 THEN 1 ELSE 0 END) AS Under3,
              SUM(CASE WHEN created_at > @D7 THEN 1 ELSE 0 END) AS Under7,
              SUM(CASE WHEN created_at > @D30 THEN 1 ELSE 0 END) AS Under30
            FROM {from}
            WHERE is_open = 1 AND created_at IS NOT NULL AND (kind IS NULL OR kind <> 'task')
            GROUP BY {(groupBy == Measures.All ? "stage" : column + ", stage")}
            """, new { D1 = now.AddDays(-1), D3 = now.AddDays(-3), D7 = now.AddDays(-7), D30 = now.AddDays(-30), Dimension = groupBy });
        return rows.GroupBy(r => string.IsNullOrEmpty(r.Value) ? Measures.NoValue : r.Value).ToDictionary(g => g.Key, g =>
        {
            long[] within = [g.Sum(r => r.Under1), g.Sum(r => r.Under3), g.Sum(r => r.Under7), g.Sum(r => r.Under30), g.Sum(r => r.Tickets)];
            var byAge = Ages.Select((a, i) => new AgeCount(a.Label, within[i] - (i == 0 ? 0 : within[i - 1]))).ToList();
            var byStage = g.GroupBy(r => r.Stage ?? Measures.NoValue).Select(s => new StageCount(s.Key, s.Sum(r => r.Tickets)))
                .OrderByDescending(s => s.Tickets).ThenBy(s => s.Stage, StringComparer.Ordinal).ToList();
            return new Backlog(within[^1], byAge, byStage);
        });
    }
}

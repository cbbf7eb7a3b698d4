using Dapper;
using Microsoft.Data.Sqlite;

namespace Csm.Bench;

/// <summary>
/// The public endpoints under load from outside (issue 15's aim: at least a quarter of the constant endpoint, p99 under
/// 50 ms): wrk with 64 connections against the constant endpoint, then survey answers, each a first answer to a fresh
/// token, then web-form tickets, each from a new writer (a prospect customer, a ticket, an acknowledgement queued). Each
/// request carries an address of its own (X-Forwarded-For from the loopback proxy the host trusts), as respondents'
/// phones would. After each load the rows are counted: a 2xx is a stored row.
/// </summary>
internal static class PublicEndpoints
{
    private const int Connections = 64;

    public static async Task<List<string>> RunAsync(HostProcess host, TimeSpan warmUp, TimeSpan duration)
    {
        var figures = new List<string>();
        var ceiling = await Wrk.RunAsync("GET /health/live (constant)", host.BaseUrl + "/health/live", Connections, warmUp, duration);
        figures.Add(ceiling.ToString());

        // Enough tokens for the warm-up and the run at several times today's rate; the run's tokens start after the warm-up's.
        const int warmUpTokens = 300_000, tokens = 1_000_000;
        var (surveyId, prefix) = await PublicResponses.SeedSurveyAsync(host, tokens);
        var rowsBefore = await WriteCost.RowsAsync(host);
        var answers = await Wrk.RunAsync("POST /api/public/surveys/{token}/responses", host.BaseUrl, Connections, warmUp, duration,
            Wrk.NumberedRequests($$"""
              local body = '{"answers":[{"question":"nps","score":' .. (i % 11) .. '},{"question":"why","text":"' .. (i % 3 == 0 and "回复太慢了" or "Friendly staff") .. '"}]}'
              return wrk.format("POST", string.format("/api/public/surveys/{{prefix}}%09d/responses", i),
                { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256) }, body)
            """), warm => [warm ? "0" : warmUpTokens.ToString(), "2"]);
        var stored = await CountAsync(host, "SELECT COUNT(*) FROM srv_responses WHERE survey_id = @Id", new { Id = surveyId });
        figures.Add(answers.ToString());
        figures.Add(Rows("survey answers", stored, answers));
        figures.Add(await OutboxLagAsync(host, "survey answers"));
        var rowsBetween = await WriteCost.RowsAsync(host);
        var (perAnswer, answerRows) = WriteCost.Added("survey answer", rowsBefore, rowsBetween, stored);
        figures.Add(answerRows);

        var before = await CountAsync(host, "SELECT COUNT(*) FROM tkt_tickets WHERE channel = 'web'", null);
        var mailedBefore = host.Mail.Accepted;
        var form = await Wrk.RunAsync("POST /api/public/tickets (web form)", host.BaseUrl, Connections, warmUp, duration,
            Wrk.NumberedRequests("""
              local body = string.format('{"name":"访客 %d","email":"visitor%d@bench.example","subject":"设备无法启动 / machine will not start","description":"打印机开机后没有反应。The printer does not respond after power-on.","language":"zh-CN","page":"https://shop.example/support"}', i, i)
              return wrk.format("POST", "/api/public/tickets",
                { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = string.format("10.%d.%d.%d", math.floor(i / 65536) % 256, math.floor(i / 256) % 256, i % 256) }, body)
            """), warm => [warm ? "0" : "10000000", "2"]);
        var opened = await CountAsync(host, "SELECT COUNT(*) FROM tkt_tickets WHERE channel = 'web'", null) - before;
        figures.Add(form.ToString());
        figures.Add(Rows("web-form tickets", opened, form));
        figures.Add(await OutboxLagAsync(host, "web-form tickets"));
        figures.Add(await AcknowledgedAsync(host, opened, host.Mail.Accepted - mailedBefore));
        var (perTicket, ticketRows) = WriteCost.Added("web-form ticket", rowsBetween, await WriteCost.RowsAsync(host), opened);
        figures.Add(ticketRows);

        figures.Add($"survey answers = {100 * answers.Load.PerSecond / ceiling.Load.PerSecond:N1}%, web-form tickets = {100 * form.Load.PerSecond / ceiling.Load.PerSecond:N1}% of the constant endpoint (aim: 25%, p99 < 50 ms)");
        if (host.Postgres is null)
        {
            // One writer at a time on SQLite: what it could take at most, were it to do nothing but insert the rows counted above.
            var floor = await WriteCost.SqliteFloorAsync(Path.GetDirectoryName(host.DatabaseFile)!);
            string Most(string what, double rows) =>
                $"{what} {floor / rows:N0}/s ({100 * floor / rows / ceiling.Load.PerSecond:N1}% of the constant endpoint)";
            figures.Add($"SQLite's insert floor on this machine: {floor:N0} rows/s (one prepared insert reused, 1,000 rows per transaction, two indexes, "
                + $"the host idle); the single writer doing nothing else could take at most {Most("survey answers", perAnswer)}, {Most("web-form tickets", perTicket)}");
        }
        return figures;
    }

    /// <summary>Each web-form ticket's acknowledgement, accepted by the bench's mail server (sent, not only queued).</summary>
    private static async Task<string> AcknowledgedAsync(HostProcess host, long tickets, long atStop)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var start = host.Mail.Accepted - atStop;
        while (host.Mail.Accepted - start < tickets && clock.Elapsed < TimeSpan.FromSeconds(120)) await Task.Delay(200);
        var sent = host.Mail.Accepted - start;
        return $"  web-form acknowledgements: {atStop:N0} accepted by the mail server when the load stopped, {sent:N0} for {tickets:N0} tickets {clock.Elapsed.TotalSeconds:N1} s later; "
            + $"{host.Mail.Repeated:N0} sent twice (the same Message-ID) in the whole run";
    }

    private static string Rows(string what, long stored, WrkResult load)
    {
        var answered = load.Succeeded + load.WarmUpSucceeded;
        return $"  {what}: {stored:N0} rows stored for {answered:N0} 2xx answers wrk counted (warm-up and run; the requests in flight when wrk stopped, at most {Connections} per run, may be stored uncounted)";
    }

    /// <summary>
    /// The events (reports, follow-up tasks, rule facts, the 360 documents) still undelivered when the load stopped, and
    /// how long the host then took to deliver them: what the requests' speed left for afterwards.
    /// </summary>
    private static async Task<string> OutboxLagAsync(HostProcess host, string what)
    {
        const string pending = "SELECT COUNT(*) FROM outbox_messages WHERE processed_at IS NULL AND parked_at IS NULL";
        var behind = await CountAsync(host, pending, null);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var left = behind;
        while (left > 0 && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(250);
            left = await CountAsync(host, pending, null);
        }
        return left == 0
            ? $"  {what}: {behind:N0} events undelivered when the load stopped, all delivered {clock.Elapsed.TotalSeconds:N1} s later"
            : $"  {what}: {behind:N0} events undelivered when the load stopped, {left:N0} still after {clock.Elapsed.TotalSeconds:N0} s";
    }

    private static async Task<long> CountAsync(HostProcess host, string sql, object? parameters)
    {
        if (host.Postgres is { } postgres)
        {
            await using var pg = new Npgsql.NpgsqlConnection(postgres);
            return await pg.ExecuteScalarAsync<long>(sql, parameters);
        }
        await using var c = new SqliteConnection($"Data Source={host.DatabaseFile};Default Timeout=60");
        return await c.ExecuteScalarAsync<long>(sql, parameters);
    }
}

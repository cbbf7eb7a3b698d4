using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Dapper;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

/// <summary>
/// Not part of the suite (it seeds a million responses): run it on purpose with
/// <c>dotnet test tests/Csm.Tests.Reports --filter Category=Benchmark</c>; CSM_BENCH_RESPONSES / CSM_BENCH_TICKETS change the sizes,
/// CSM_BENCH_KEEP=file keeps a copy of the rebuilt database.
/// Facts are bulk-inserted as the handlers would write them and the rollups rebuilt from them; handler throughput is
/// measured separately by publishing events through the outbox.
/// </summary>
[Category("Benchmark")]
public sealed class ReportBenchmark
{
    private static readonly string[] Tiers = ["vip", "standard", "prospect"];
    private static readonly string[] Themes = ["[]", "[\"price\"]", "[\"delivery\"]", "[\"staff\",\"speed\"]"];

    [Test, Explicit("Seeds a million responses; run it on purpose.")]
    public async Task Reports_answer_from_rollups_far_faster_than_recounting_the_facts()
    {
        var responses = int.Parse(Environment.GetEnvironmentVariable("CSM_BENCH_RESPONSES") ?? "1000000");
        var tickets = int.Parse(Environment.GetEnvironmentVariable("CSM_BENCH_TICKETS") ?? "500000");
        await using var csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2026, 1, 5, 9, 0, 0, Beijing)));
        var yearStart = new DateTimeOffset(2025, 1, 1, 0, 0, 0, Beijing);

        var ingest = Stopwatch.StartNew();
        const int published = 2000;
        foreach (var batch in Enumerable.Range(1, published).Chunk(500))
        {
            await csm.PublishAsync(batch.Select(i => (IntegrationEvent)Answer(i, yearStart.AddMinutes(i * 7), nps: i % 11, csat: 1 + i % 5, agent: "a" + i % 50, team: "t" + i % 5)).ToArray());
        }
        var eventsPerSecond = published / ingest.Elapsed.TotalSeconds;

        var seed = Stopwatch.StartNew();
        var cached = await SeedAsync(csm, published + 1, responses - published, tickets, yearStart);
        var seeded = seed.Elapsed;
        var rebuild = Stopwatch.StartNew();
        // A rebuild and a recount over a million facts outlast HttpClient's default 100 s on a busy two-core machine.
        var admin = await csm.SignInAsync("admin", CsmFixture.AdminPassword);
        admin.Timeout = TimeSpan.FromMinutes(20);
        await admin.PostAsync("/api/reports/rollups/rebuild", null).ExpectAsync(200);
        var rebuilt = rebuild.Elapsed;
        if (Environment.GetEnvironmentVariable("CSM_BENCH_KEEP") is { Length: > 0 } keep && CsmFixture.Engine == DatabaseProvider.Sqlite)
        {
            // A copy of the rebuilt database, to read query plans and time queries against outside the test.
            File.Delete(keep);
            await using var c = await csm.Service<Db>().OpenAsync();
            await c.ExecuteAsync("VACUUM INTO @Keep", new { Keep = keep });
        }

        const string range = "from=2025-01-01&to=2025-12-31";
        var lines = new List<string>
        {
            $"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}; {responses:N0} responses, {tickets:N0} tickets ({CsmFixture.Engine})",
            $"handler ingest: {eventsPerSecond:N0} SurveyResponded events/s through the outbox; bulk seed {seeded.TotalSeconds:N0} s{(cached ? " (copied from the seed cache)" : "")}; rebuild {rebuilt.TotalSeconds:N1} s",
        };
        var rollupP99 = 0.0;
        foreach (var url in new[]
        {
            $"satisfaction?metric=nps&{range}&interval=month", $"satisfaction?metric=csat&{range}&interval=week&groupBy=agent",
            $"service?{range}&interval=month&groupBy=team", $"closed-loop?{range}", $"voice-of-customer?{range}", $"retention?{range}",
        })
        {
            var (p50, p99) = await TimeAsync(admin, "/api/reports/" + url, 100);
            rollupP99 = Math.Max(rollupP99, p99);
            lines.Add($"{url}: p50 {p50:N1} ms, p99 {p99:N1} ms");
        }
        var (fromRollups, _) = await TimeAsync(admin, $"/api/reports/satisfaction?metric=nps&{range}&interval=month", 100);
        // Etc/GMT-8 is Beijing's offset under another name: the same days, but counted from the raw facts.
        var (scanning, scanningMax) = await TimeAsync(admin, $"/api/reports/satisfaction?metric=nps&{range}&interval=month&timeZone=Etc/GMT-8", 5);
        lines.Add($"satisfaction nps, year by month: rollups p50 {fromRollups:N1} ms vs scanning facts p50 {scanning:N0} ms (max {scanningMax:N0}): {scanning / fromRollups:N0}x");
        foreach (var line in lines) TestContext.Out.WriteLine(line);
        await File.WriteAllLinesAsync(Path.Combine(Path.GetTempPath(), "csm-reports-benchmark.txt"), lines);

        Assert.That(scanning / fromRollups, Is.GreaterThan(1), "rollups must beat recounting");
    }

    private static async Task<(double P50, double P99)> TimeAsync(HttpClient client, string url, int times)
    {
        await client.GetAsync(url).ExpectAsync(200);
        var samples = new List<double>();
        for (var i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            (await client.GetAsync(url).ExpectAsync(200)).Dispose();
            samples.Add(watch.Elapsed.TotalMilliseconds);
        }
        samples.Sort();
        return (samples[(int)Math.Ceiling(0.5 * times) - 1], samples[(int)Math.Ceiling(0.99 * times) - 1]);
    }

    /// <summary>
    /// Bulk-inserts the facts. Generating them is deterministic (a fixed seed), so the first run keeps them in a file under
    /// the temp folder keyed by the sizes and the fact tables' schema, and later runs copy them in with one INSERT … SELECT
    /// per table: the same rows, minutes sooner. Everything measured (ingest, rebuild, reports) still runs in full.
    /// </summary>
    private static async Task<bool> SeedAsync(CsmFixture csm, int firstId, int responses, int tickets, DateTimeOffset yearStart)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        if (CsmFixture.Engine != DatabaseProvider.Sqlite)
        {
            // The cache is an attached SQLite file; a server engine is seeded from the generator each time.
            await GenerateAsync(c, firstId, responses, tickets, yearStart);
            await c.ExecuteAsync("ANALYZE rpt_responses; ANALYZE rpt_tickets");
            return false;
        }
        var schema = await c.ExecuteScalarAsync<string>(
            "SELECT group_concat(sql, ';') FROM (SELECT sql FROM sqlite_master WHERE name IN ('rpt_responses', 'rpt_tickets') ORDER BY name)");
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{SeedVersion}|{firstId}|{responses}|{tickets}|{yearStart:O}|{schema}")))[..16];
        var cache = Path.Combine(Path.GetTempPath(), $"csm-reports-bench-facts-{key}.db");
        if (File.Exists(cache))
        {
            await c.ExecuteAsync($"ATTACH DATABASE '{cache}' AS seed");
            await using (var tx = await c.BeginTransactionAsync())
            {
                await c.ExecuteAsync("INSERT INTO rpt_responses SELECT * FROM seed.rpt_responses", transaction: tx);
                await c.ExecuteAsync("INSERT INTO rpt_tickets SELECT * FROM seed.rpt_tickets", transaction: tx);
                await tx.CommitAsync();
            }
            await c.ExecuteAsync("DETACH DATABASE seed");
            return true;
        }
        await GenerateAsync(c, firstId, responses, tickets, yearStart);
        var partial = cache + ".partial";
        File.Delete(partial);
        await c.ExecuteAsync($"ATTACH DATABASE '{partial}' AS seed");
        await c.ExecuteAsync("CREATE TABLE seed.rpt_responses AS SELECT * FROM main.rpt_responses WHERE response_id >= @FirstId", new { FirstId = firstId });
        await c.ExecuteAsync("CREATE TABLE seed.rpt_tickets AS SELECT * FROM main.rpt_tickets");
        await c.ExecuteAsync("DETACH DATABASE seed");
        File.Move(partial, cache, overwrite: true);
        return false;
    }

    /// <summary>Changes whenever <see cref="GenerateAsync"/> would write other rows, so an old seed cache is not reused.</summary>
    private const int SeedVersion = 1;

    private static async Task GenerateAsync(System.Data.Common.DbConnection c, int firstId, int responses, int tickets, DateTimeOffset yearStart)
    {
        var random = new Random(42);
        foreach (var chunk in Enumerable.Range(firstId, responses).Chunk(50_000))
        {
            await using var tx = await c.BeginTransactionAsync();
            await InsertAsync(c, tx, """
                INSERT INTO rpt_responses (response_id, survey_id, customer_id, tier, touchpoint, nps, csat, ces, comment, themes, ticket_id,
                  ticket_type, channel, agent, team, classification, responded_at)
                """, "@Id, @Survey, @Customer, @Tier, 'service', @Nps, @Csat, NULL, @Comment, @Themes, NULL, 'repair', 'email', @Agent, @Team, @Class, @At",
                "\"Id\" bigint, \"Survey\" bigint, \"Customer\" bigint, \"Tier\" text, \"Nps\" bigint, \"Csat\" bigint, \"Comment\" text, \"Themes\" text, "
                + "\"Agent\" text, \"Team\" text, \"Class\" text, \"At\" timestamptz", chunk.Select(i =>
            {
                var nps = random.Next(11);
                return new
                {
                    Id = (long)i, Survey = (long)(1 + i % 20), Customer = (long?)(1 + i % 100_000), Tier = Tiers[i % 3], Nps = (long)nps,
                    Csat = (long?)(i % 2 == 0 ? 1 + random.Next(5) : null), Comment = i % 10 == 0 ? "comment " + i : null, Themes = Themes[i % 4],
                    Agent = "a" + random.Next(50), Team = "t" + random.Next(5), Class = nps <= 6 ? "unhappy" : nps >= 9 ? "happy" : "neutral",
                    At = yearStart.AddSeconds(random.Next(365 * 86400)),
                };
            }).ToList());
            await tx.CommitAsync();
        }
        foreach (var chunk in Enumerable.Range(1, tickets).Chunk(50_000))
        {
            await using var tx = await c.BeginTransactionAsync();
            await InsertAsync(c, tx, """
                INSERT INTO rpt_tickets (ticket_id, customer_id, kind, type_code, channel, priority, tier, assignee, team, stage, created_at,
                  first_responded_at, first_response_minutes, resolved_at, resolution_minutes, sla_met, reopened, reassigned, is_open)
                """, "@Id, @Customer, 'repair', 'repair', 'email', 'normal', @Tier, @Agent, @Team, @Stage, @Created, @Responded, @FirstMinutes, @Resolved, @Minutes, @SlaMet, @Reopened, 0, @Open",
                "\"Id\" bigint, \"Customer\" bigint, \"Tier\" text, \"Agent\" text, \"Team\" text, \"Stage\" text, \"Created\" timestamptz, \"Responded\" timestamptz, "
                + "\"FirstMinutes\" double precision, \"Resolved\" timestamptz, \"Minutes\" double precision, \"SlaMet\" bigint, \"Reopened\" bigint, \"Open\" bigint",
                chunk.Select(i =>
            {
                var created = yearStart.AddSeconds(random.Next(365 * 86400));
                var open = i % 50 == 0;
                var minutes = random.Next(30, 5000);
                return new
                {
                    Id = (long)i, Customer = (long)(1 + i % 100_000), Tier = Tiers[i % 3], Agent = "a" + random.Next(50), Team = "t" + random.Next(5),
                    Stage = open ? "diagnose" : "closed", Created = created, Responded = created.AddMinutes(20), FirstMinutes = (double)random.Next(1, 240),
                    Resolved = open ? (DateTimeOffset?)null : created.AddMinutes(minutes), Minutes = open ? (double?)null : minutes,
                    SlaMet = open ? (long?)null : random.Next(10) < 8 ? 1 : 0, Reopened = random.Next(20) == 0 ? 1L : 0, Open = open ? 1L : 0,
                };
            }).ToList());
            await tx.CommitAsync();
        }
    }

    /// <summary>
    /// A chunk of generated rows: on SQLite one prepared statement per row (<paramref name="values"/>), on a server engine
    /// one statement that reads them all from a JSON array (<paramref name="record"/> types its properties).
    /// </summary>
    private static Task InsertAsync<T>(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, string insert, string values, string record, List<T> rows) =>
        CsmFixture.Engine == DatabaseProvider.Sqlite
            ? c.ExecuteAsync($"{insert} VALUES ({values})", rows, tx)
            : c.ExecuteAsync($"{insert} SELECT {System.Text.RegularExpressions.Regex.Replace(values, @"@(\w+)", "r.\"$1\"")} FROM jsonb_to_recordset(CAST(@Rows AS jsonb)) AS r({record})",
                new { Rows = System.Text.Json.JsonSerializer.Serialize(rows) }, tx);
}

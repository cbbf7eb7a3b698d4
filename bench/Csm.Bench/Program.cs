using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Csm.Bench;
using Csm.Testing;
using Dapper;
using Microsoft.Data.Sqlite;

// Benchmarks print figures and never fail on a timing. Usage: Csm.Bench [all|surveys|tickets|public|imports|view360|postgres [public]] (CSM_HOST_DLL = the built host);
// "surveys" runs only the constant-endpoint ceiling and public survey answers; "tickets" the ceiling and ticket creation;
// "public" the ceiling, survey answers and web-form tickets with wrk; "imports" the background customer imports;
// "view360" the imports, a million interactions, the 360 documents' build and the view under wrk.
var hostDll = Environment.GetEnvironmentVariable("CSM_HOST_DLL")
    ?? throw new InvalidOperationException("Set CSM_HOST_DLL to the built Csm.Host.dll (the cake Bench target does).");
var seconds = int.TryParse(Environment.GetEnvironmentVariable("CSM_BENCH_SECONDS"), out var s) ? s : 10;
var customers = int.TryParse(Environment.GetEnvironmentVariable("CSM_BENCH_CUSTOMERS"), out var n) ? n : 100_000;
Console.WriteLine($"Csm benchmarks on {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load generator and host share the machine.");

// "postgres": the constant endpoint and public survey answers on PostgreSQL (CSM_BENCH_POSTGRES names the server), with
// one host and then with two on the same database, the load alternating between them ("postgres public": only the
// public endpoints with wrk, one host).
if (args.FirstOrDefault() == "postgres")
{
    var server = Environment.GetEnvironmentVariable("CSM_BENCH_POSTGRES")
        ?? throw new InvalidOperationException("Set CSM_BENCH_POSTGRES to a PostgreSQL connection string (the cake Bench target starts a server).");
    var database = "csm_bench_" + Guid.NewGuid().ToString("N")[..8];
    await using (var admin = new Npgsql.NpgsqlConnection(server)) await admin.ExecuteAsync($"CREATE DATABASE {database}");
    var connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 100 }.ConnectionString;
    var pgWarm = TimeSpan.FromSeconds(2);
    var pgRun = TimeSpan.FromSeconds(seconds);
    var figures = new List<string>();
    var pgCustomers = int.TryParse(Environment.GetEnvironmentVariable("CSM_BENCH_PG_CUSTOMERS"), out var pc) ? pc : 20_000;
    // "postgres public": only the public endpoints with wrk on one host (what a change to their path is measured with).
    if (args.ElementAtOrDefault(1) == "public")
    {
        await using var alone = await HostProcess.StartAsync(hostDll, 5181, connection);
        figures.Add("on PostgreSQL, 1 host, with wrk:");
        figures.AddRange(await PublicEndpoints.RunAsync(alone, pgWarm, pgRun));
    }
    else await using (var one = await HostProcess.StartAsync(hostDll, 5181, connection))
    {
        // Customers through the import API (and their events to every module), then interactions written straight in.
        var pgCsv = Generated.CustomersCsv(pgCustomers);
        var (created, createdSeconds) = await Imports.RunAsync(one.Client, pgCsv, "bench");
        figures.Add(Imports.Line($"import {pgCustomers:N0} generated customers on PostgreSQL", created, createdSeconds));
        var (unchanged, unchangedSeconds) = await Imports.RunAsync(one.Client, pgCsv, "bench");
        figures.Add(Imports.Line($"re-import the same {pgCustomers:N0} on PostgreSQL (unchanged)", unchanged, unchangedSeconds));
        await using (var c = new Npgsql.NpgsqlConnection(connection))
        {
            for (var waited = 0; waited < 900 && await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM outbox_messages WHERE processed_at IS NULL") > 0; waited++)
                await Task.Delay(1000);
        }
        var customerIds = await SeedInteractionsPostgresAsync(connection, 200_000);

        var bare1 = await Load.RunAsync("GET /health/live (constant), 1 host", one.Client, 64, pgWarm, pgRun, _ => "/health/live");
        var view1 = await Load.RunAsync("GET /api/customers/{id}/360, 1 host", one.Client, 64, pgWarm, pgRun, r => $"/api/customers/{customerIds[r % customerIds.Length]}/360");
        var answers1 = await PublicResponses.RunAsync(one, 64, pgWarm, pgRun, 200_000);
        figures.AddRange([bare1.ToString(), view1.ToString(), answers1.ToString(),
            $"on PostgreSQL, 1 host: 360 view = {100 * view1.PerSecond / bare1.PerSecond:N1}%, public answers = {100 * answers1.PerSecond / bare1.PerSecond:N1}% of the constant endpoint"]);
        // The public endpoints as on SQLite (wrk from outside, a new address per request): survey answers and web-form tickets.
        figures.Add("on PostgreSQL, 1 host, with wrk:");
        figures.AddRange(await PublicEndpoints.RunAsync(one, pgWarm, pgRun));
        await using var two = await HostProcess.StartAsync(hostDll, 5182, connection);
        HostProcess[] both = [one, two];
        var next = 0;
        var bare2 = await Load.RunAsync("GET /health/live (constant), 2 hosts", 64, pgWarm, pgRun,
            _ => both[Interlocked.Increment(ref next) % 2].Client.GetAsync("/health/live"));
        var view2 = await Load.RunAsync("GET /api/customers/{id}/360, 2 hosts", 64, pgWarm, pgRun,
            r => both[Interlocked.Increment(ref next) % 2].Client.GetAsync($"/api/customers/{customerIds[r % customerIds.Length]}/360"));
        var answers2 = await PublicResponses.RunAsync(both, 64, pgWarm, pgRun, 200_000);
        figures.AddRange([bare2.ToString(), view2.ToString(), answers2.ToString(),
            $"on PostgreSQL, 2 hosts: 360 view = {100 * view2.PerSecond / bare2.PerSecond:N1}%, public answers = {100 * answers2.PerSecond / bare2.PerSecond:N1}% of the constant endpoint"]);
    }
    Console.WriteLine();
    Console.WriteLine("== Csm benchmark figures (PostgreSQL) ==");
    foreach (var line in figures) Console.WriteLine(line);
    return;
}

await using var host = await HostProcess.StartAsync(hostDll, 5181);
var results = new List<string>();
var warm = TimeSpan.FromSeconds(2);
var run = TimeSpan.FromSeconds(seconds);

if (args.FirstOrDefault() == "surveys")
{
    var bare = await Load.RunAsync("GET /health/live (constant)", host.Client, 64, warm, run, _ => "/health/live");
    var answers = await PublicResponses.RunAsync(host, 64, warm, run, 400_000);
    Console.WriteLine();
    Console.WriteLine("== Csm benchmark figures ==");
    Console.WriteLine(bare);
    Console.WriteLine(answers);
    Console.WriteLine($"public answers = {100 * answers.PerSecond / bare.PerSecond:N1}% of the constant endpoint");
    return;
}

// "public": what anyone on the internet may call, measured from outside with wrk in its own process, beside the constant
// endpoint in the same run: survey answers (each a fresh token) and web-form tickets (each a new writer), then the rows
// counted in the database against the 2xx answers wrk saw.
if (args.FirstOrDefault() == "public")
{
    if (!Wrk.Installed)
    {
        Console.WriteLine("wrk is not installed (apt-get install -y wrk): the public endpoints are measured with it, from outside.");
        return;
    }
    // A longer warm-up here: under this load the runtime goes on recompiling hot code at its higher tier for about six
    // seconds (a quarter of the CPU while it lasts, measured with perf), which a host that runs for days has long done.
    var figures = await PublicEndpoints.RunAsync(host, TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("CSM_BENCH_WARMUP") is { } w ? int.Parse(w) : 8), run);
    Console.WriteLine();
    Console.WriteLine("== Csm benchmark figures (public endpoints, wrk) ==");
    foreach (var line in figures) Console.WriteLine(line);
    return;
}

if (args.FirstOrDefault() == "tickets")
{
    var imported = await ImportAsync($"import {customers:N0} generated customers", Generated.CustomersCsv(customers), "bench");
    var delivered = await DrainAsync("the import");
    var known = (await QueryIdsAsync(host.DatabaseFile)).ToArray();
    var bare = await Load.RunAsync("GET /health/live (constant)", host.Client, 64, warm, run, _ => "/health/live");
    var opened = await OpenTicketsAsync(known);
    var caughtUp = await DrainAsync("the ticket load");
    Console.WriteLine();
    Console.WriteLine("== Csm benchmark figures ==");
    foreach (var line in new[] { imported, delivered, bare.ToString(), opened.ToString(), caughtUp }) Console.WriteLine(line);
    Console.WriteLine($"ticket creation = {100 * opened.PerSecond / bare.PerSecond:N1}% of the constant endpoint");
    return;
}

// "imports": only the imports below (the telco sample, a generated file new, then unchanged), without the load runs.
// Import: the public telco sample, then a generated file, then the same file again (nothing changes).
var telco = Datasets.Find("telco_customer_churn.csv");
if (telco is not null)
{
    await Telco.DefineFieldsAsync(host.Client);
    results.Add(await ImportAsync("import telco_customer_churn.csv", Telco.ToImportCsv(telco), "telco"));
}
else Console.WriteLine("telco_customer_churn.csv not found (../shared/datasets or CSM_DATASETS): skipped.");
var generated = Generated.CustomersCsv(customers);
await DrainAsync("the telco sample"); // its events delivered first, so the rows below are the generated file's alone
var rowsBeforeImport = await WriteCost.RowsAsync(host);
results.Add(await ImportAsync($"import {customers:N0} generated customers", generated, "bench"));
// The new customers' events reach every module's handlers in the background (a figure of its own); the re-import is
// measured once they have, so it is not measured against that delivery.
results.Add(await DrainAsync($"importing {customers:N0} new customers"));
var (perCustomer, customerRows) = WriteCost.Added("new customer imported", rowsBeforeImport, await WriteCost.RowsAsync(host), customers);
results.Add(customerRows);
var importFloor = await WriteCost.SqliteFloorAsync(Path.GetDirectoryName(host.DatabaseFile)!);
results.Add($"SQLite's insert floor on this machine: {importFloor:N0} rows/s; the single writer doing nothing but insert these rows could import at most "
    + $"{importFloor / perCustomer:N0} new customers a second (aim: 20,000)");
results.Add(await ImportAsync($"re-import the same {customers:N0} (unchanged)", generated, "bench"));
if (args.FirstOrDefault() == "imports")
{
    Console.WriteLine();
    Console.WriteLine("== Csm import figures ==");
    foreach (var line in results) Console.WriteLine(line);
    return;
}

// Every import published its events; the other modules' handlers take them in the background. Measure that, and
// let it finish so the load runs below see a quiet system.
results.Add(await DrainAsync("the imports"));

// A million interactions, written straight into the database: seeding, not measured.
var ids = await SeedInteractionsAsync(host.DatabaseFile, 1_000_000);
Console.WriteLine($"seeded 1,000,000 interactions over {ids.Length:N0} customers");

// The 360 view is served from per-customer documents the host builds in the background: wait for them (how long the
// first build of the whole base takes is a figure of its own), then measure from outside with wrk beside the constant.
results.Add(await DocumentsBuiltAsync(host.DatabaseFile));
if (Wrk.Installed)
{
    var apiKey = host.Client.DefaultRequestHeaders.GetValues("X-Api-Key").First();
    var wrkCeiling = await Wrk.RunAsync("GET /health/live (constant)", host.BaseUrl + "/health/live", 64, warm, run);
    var wrkView = await Wrk.RunAsync("GET /api/customers/{id}/360 (random customer)", host.BaseUrl, 64, warm, run, $$"""
        local low, high = {{ids.Min()}}, {{ids.Max()}}
        function request()
          return wrk.format("GET", "/api/customers/" .. math.random(low, high) .. "/360", { ["X-Api-Key"] = "{{apiKey}}" })
        end
        """);
    results.Add(wrkCeiling.ToString());
    results.Add(wrkView.ToString());
    results.Add($"360 view (wrk) = {100 * wrkView.Load.PerSecond / wrkCeiling.Load.PerSecond:N1}% of the constant endpoint (aim: 25%, p99 < 20 ms)");
}
else Console.WriteLine("wrk is not installed (apt-get install -y wrk): the 360 view is measured in process only.");
if (args.FirstOrDefault() == "view360")
{
    Console.WriteLine();
    Console.WriteLine("== Csm 360 view figures ==");
    foreach (var line in results) Console.WriteLine(line);
    return;
}

var ceiling = await Load.RunAsync("GET /health/live (constant)", host.Client, 64, warm, run, _ => "/health/live");
var authed = await Load.RunAsync("GET /api/auth/me (API key)", host.Client, 64, warm, run, _ => "/api/auth/me");
var view = await Load.RunAsync("GET /api/customers/{id}/360", host.Client, 64, warm, run, r => $"/api/customers/{ids[r % ids.Length]}/360");
var open = await OpenTicketsAsync(ids);
var answered = await PublicResponses.RunAsync(host, 64, warm, run, 400_000);
foreach (var r in new[] { ceiling, authed, view, open, answered }) results.Add(r.ToString());
results.Add($"360 view throughput = {100 * view.PerSecond / ceiling.PerSecond:N1}% of the constant endpoint, {100 * view.PerSecond / authed.PerSecond:N1}% of an authenticated constant");

Console.WriteLine();
Console.WriteLine("== Csm benchmark figures ==");
foreach (var line in results) Console.WriteLine(line);

Task<LoadResult> OpenTicketsAsync(long[] customerIds) =>
    Load.RunAsync("POST /api/tickets (open a repair)", 64, warm, run, r => host.Client.PostAsJsonAsync("/api/tickets", new
    {
        customerId = customerIds[r % customerIds.Length], typeCode = "repair", channel = "phone", priority = "normal",
        subject = "设备无法启动 / machine will not start",
    }));

static async Task<IEnumerable<long>> QueryIdsAsync(string databaseFile)
{
    await using var c = new SqliteConnection($"Data Source={databaseFile};Default Timeout=60");
    return await c.QueryAsync<long>("SELECT id FROM cus_customers");
}

async Task<string> DrainAsync(string after)
{
    var started = Stopwatch.GetTimestamp();
    long first = -1, pending;
    do
    {
        var ops = await host.Client.GetFromJsonAsync<JsonObject>("/api/operations/outbox");
        pending = ops!["pending"]!.GetValue<long>();
        if (first < 0) first = pending;
        if (pending > 0) await Task.Delay(1000);
    } while (pending > 0 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(15));
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    return $"event delivery after {after}: {first:N0} events to every module's handlers in {seconds:N0} s = {first / Math.Max(seconds, 0.001):N0} events/s ({pending:N0} still pending)";
}

async Task<string> ImportAsync(string name, string csv, string source)
{
    var (report, seconds) = await Imports.RunAsync(host.Client, csv, source);
    return Imports.Line(name, report, seconds);
}

static async Task<string> DocumentsBuiltAsync(string databaseFile)
{
    await using var c = new SqliteConnection($"Data Source={databaseFile};Default Timeout=60");
    var started = Stopwatch.GetTimestamp();
    const string missing = """
        SELECT COUNT(*) FROM cus_customers c WHERE c.deleted_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM cus_view360 v WHERE v.customer_id = c.id AND v.stale = 0)
        """;
    var first = await c.ExecuteScalarAsync<long>(missing);
    long left;
    while ((left = await c.ExecuteScalarAsync<long>(missing)) > 0 && Stopwatch.GetElapsedTime(started) < TimeSpan.FromMinutes(15)) await Task.Delay(500);
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    return $"360 documents: {first:N0} customers without a current one after the seeding, built in {seconds:N0} s = {first / Math.Max(seconds, 0.001):N0} documents/s ({left:N0} left)";
}

static async Task<long[]> SeedInteractionsAsync(string databaseFile, int count)
{
    await using var c = new SqliteConnection($"Data Source={databaseFile};Default Timeout=60");
    await c.OpenAsync();
    await c.ExecuteAsync("PRAGMA busy_timeout = 60000");
    var ids = (await QueryIdsAsync(databaseFile)).ToArray();
    await using var tx = await c.BeginTransactionAsync();
    await using var insert = c.CreateCommand();
    insert.Transaction = (SqliteTransaction)tx;
    insert.CommandText = "INSERT INTO cus_interactions (customer_id, channel, direction, summary, agent, interacted_at) VALUES ($c, $ch, 'inbound', $s, 'bench', $at)";
    var pc = insert.Parameters.Add("$c", SqliteType.Integer);
    var pch = insert.Parameters.Add("$ch", SqliteType.Text);
    var ps = insert.Parameters.Add("$s", SqliteType.Text);
    var pat = insert.Parameters.Add("$at", SqliteType.Text);
    string[] channels = ["call", "email", "chat", "visit", "weChat"];
    var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    for (var i = 0; i < count; i++)
    {
        pc.Value = ids[i % ids.Length];
        pch.Value = channels[i % channels.Length];
        ps.Value = i % 2 == 0 ? "客户来电询问设备保养计划" : "Called about the maintenance schedule";
        pat.Value = start.AddMinutes(i % 900_000).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
        await insert.ExecuteNonQueryAsync();
    }
    await tx.CommitAsync();
    return ids;
}

static async Task<long[]> SeedInteractionsPostgresAsync(string connection, int count)
{
    await using var c = new Npgsql.NpgsqlConnection(connection);
    await c.OpenAsync();
    var ids = (await c.QueryAsync<long>("SELECT id FROM cus_customers")).ToArray();
    string[] channels = ["call", "email", "chat", "visit", "weChat"];
    var start = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    await using var copy = await c.BeginBinaryImportAsync(
        "COPY cus_interactions (customer_id, channel, direction, summary, agent, interacted_at) FROM STDIN (FORMAT BINARY)");
    for (var i = 0; i < count; i++)
    {
        await copy.StartRowAsync();
        await copy.WriteAsync(ids[i % ids.Length], NpgsqlTypes.NpgsqlDbType.Bigint);
        await copy.WriteAsync(channels[i % channels.Length], NpgsqlTypes.NpgsqlDbType.Text);
        await copy.WriteAsync("inbound", NpgsqlTypes.NpgsqlDbType.Text);
        await copy.WriteAsync(i % 2 == 0 ? "客户来电询问设备保养计划" : "Called about the maintenance schedule", NpgsqlTypes.NpgsqlDbType.Text);
        await copy.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Text);
        await copy.WriteAsync(start.AddMinutes(i % 900_000), NpgsqlTypes.NpgsqlDbType.TimestampTz);
    }
    await copy.CompleteAsync();
    return ids;
}

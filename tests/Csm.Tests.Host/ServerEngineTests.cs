using System.Net;
using Csm.BuildingBlocks.Data;
using Dapper;
using System.Net.Http.Json;
using Npgsql;

namespace Csm.Tests.Host;

/// <summary>
/// Several hosts on one server database (PostgreSQL here; SQL Server where CSM_TEST_SQLSERVER is set is not covered by
/// these, which speak to PostgreSQL directly): one schedule across the hosts, one key ring, one idempotency record, and
/// the refusals an operator meets when the database is wrong.
/// </summary>
public sealed class ServerEngineTests
{
    private string _root = null!;
    private string _installed = null!;

    [SetUp]
    public void PostgreSqlOnly()
    {
        CsmFixture.OnlyOn(DatabaseProvider.PostgreSql, "these hosts share a PostgreSQL database.");
        _root = Path.Combine(Path.GetTempPath(), "csm-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        _installed = Path.Combine(_root, "opt", "csm");
        Directory.CreateDirectory(_root);
    }

    [TearDown]
    public void Remove()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private static async Task<string> NewDatabaseAsync() => PostgresDatabase.ConnectionString(await PostgresDatabase.CreateEmptyAsync("csm_c_"));

    private static (string, string)[] On(string connectionString, params (string, string)[] more) =>
        [("Database:Provider", "PostgreSql"), ("ConnectionStrings:Csm", connectionString), .. more];

    /// <summary>Two hosts whose schedulers tick every second and check in every second.</summary>
    private static Dictionary<string, string?> Clustered(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Scheduler:Enabled"] = "true",
            ["Scheduler:Jobs:tickets.escalation:Interval"] = "00:00:01",
            ["Scheduler:CheckinInterval"] = "00:00:01",
            ["Scheduler:CheckinMisfireThreshold"] = "00:00:03",
            ["Scheduler:IdleWaitTime"] = "00:00:01",
        };
        foreach (var (k, v) in more) settings[k] = v;
        return settings;
    }

    /// <summary>A row of tkt_escalation_runs as PostgreSQL returns it (times as UTC DateTime, with or without Csm's type handlers).</summary>
    private sealed record Run(string Host, DateTime ScheduledAt, DateTime StartedAt);

    private const string Runs = "SELECT host, scheduled_at AS ScheduledAt, started_at AS StartedAt FROM tkt_escalation_runs ORDER BY id";

    /// <summary>
    /// Runs of the escalation scan, from its own run table: each scheduled tick ran once. Two schedulers of their own
    /// would each run every tick.
    /// </summary>
    private static void OncePerTick(List<Run> runs)
    {
        Assert.That(runs.Select(r => r.ScheduledAt), Is.Unique, "no tick ran twice");
        Assert.That(runs.Select(r => r.ScheduledAt), Is.Ordered, "and each after the one before");
    }

    private static async Task<List<Run>> EscalationRunsAsync(CsmFixture csm)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return (await c.QueryAsync<Run>(Runs)).ToList();
    }

    private static async Task TickAsync(Microsoft.Extensions.Time.Testing.FakeTimeProvider clock, TimeSpan span)
    {
        for (var passed = TimeSpan.Zero; passed < span; passed += TimeSpan.FromMilliseconds(100))
        {
            clock.Advance(TimeSpan.FromMilliseconds(100));
            await Task.Delay(100);
        }
    }

    [Test]
    public async Task Two_hosts_run_the_escalation_scan_once_per_tick_and_the_survivor_carries_on_alone()
    {
        // The schedulers keep the application's time: the test moves it on as real time passes.
        var clock = Clocks.At(DateTimeOffset.UtcNow);
        await using var one = await CsmFixture.StartAsync(Clustered(), clock: clock);
        var two = await CsmFixture.StartAsync(Clustered(), clock: clock, databaseFile: one.DatabaseFile);
        await TickAsync(clock, TimeSpan.FromSeconds(7));

        await using (var c = await one.Service<Db>().OpenAsync())
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM qrtz_scheduler_state"), Is.EqualTo(2), "both hosts checked in");
        var together = await EscalationRunsAsync(one);
        Assert.That(together, Has.Count.GreaterThanOrEqualTo(4), "the scan ran every second or so");
        OncePerTick(together);

        await two.DisposeAsync();
        await TickAsync(clock, TimeSpan.FromSeconds(5));
        var all = await EscalationRunsAsync(one);
        OncePerTick(all);
        var after = all.Skip(together.Count + 1).ToList();
        Assert.That(after, Has.Count.GreaterThanOrEqualTo(3), "the scan went on with one host");
        Assert.That(after.Select(r => r.Host).Distinct().Count(), Is.EqualTo(1), "all on the survivor");
    }

    [Test]
    public async Task A_host_started_with_another_interval_reschedules_the_stored_trigger_and_one_with_the_same_leaves_it()
    {
        async Task<long> StoredIntervalAsync(CsmFixture csm)
        {
            await using var c = await csm.Service<Db>().OpenAsync();
            return await c.ExecuteScalarAsync<long>("SELECT repeat_interval FROM qrtz_simple_triggers WHERE trigger_name = 'tickets.escalation.trigger'");
        }
        // A database the fixtures share and neither drops: the second host starts on what the first stored.
        var file = "reschedule-" + Guid.NewGuid().ToString("N");
        await using (var first = await CsmFixture.StartAsync(Clustered(), databaseFile: file))
            Assert.That(await StoredIntervalAsync(first), Is.EqualTo(1000));
        await using var second = await CsmFixture.StartAsync(Clustered(("Scheduler:Jobs:tickets.escalation:Interval", "00:00:30")), databaseFile: file);
        Assert.That(await StoredIntervalAsync(second), Is.EqualTo(30_000), "the changed setting reached the stored trigger");
    }

    [Test]
    public async Task Rate_limits_count_the_requests_every_host_answered_together()
    {
        var settings = new Dictionary<string, string?> { ["RateLimits:LoginPerMinute"] = "4" };
        await using var one = await CsmFixture.StartAsync(settings);
        await using var two = await CsmFixture.StartAsync(settings, databaseFile: one.DatabaseFile);
        var client = IPAddress.Parse("198.51.100.7");
        var hosts = new[] { one.From(client), two.From(client) };
        var signIn = new { userName = "admin", password = CsmFixture.AdminPassword };
        // Four a minute from one address: two on each host, then the fifth is refused whichever host it reaches.
        for (var i = 0; i < 4; i++) await hosts[i % 2].PostJsonAsync("/api/auth/token", signIn).ExpectAsync(200);
        var refused = await hosts[0].PostJsonAsync("/api/auth/token", signIn).ExpectAsync(429);
        Assert.That((await refused.NodeAsync())["title"]!.GetValue<string>(), Is.EqualTo("Too many requests"));
        await hosts[1].PostJsonAsync("/api/auth/token", signIn).ExpectAsync(429);
        // Another address has its own count; and a minute later the first may sign in again.
        await two.From(IPAddress.Parse("198.51.100.8")).PostJsonAsync("/api/auth/token", signIn).ExpectAsync(200);
        one.Clock.Advance(TimeSpan.FromMinutes(1));
        two.Clock.Advance(TimeSpan.FromMinutes(1));
        await hosts[1].PostJsonAsync("/api/auth/token", signIn).ExpectAsync(200);
    }

    [Test]
    public async Task A_cookie_one_host_issued_is_honoured_by_the_other_and_an_idempotency_key_replays_across_them()
    {
        await using var one = await CsmFixture.StartAsync();
        await using var two = await CsmFixture.StartAsync(databaseFile: one.DatabaseFile);

        var login = await one.Anonymous().PostJsonAsync("/api/auth/login", new { userName = "admin", password = CsmFixture.AdminPassword }).ExpectAsync(200);
        var cookie = string.Join("; ", login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]));
        var other = two.Anonymous();
        other.DefaultRequestHeaders.Add("Cookie", cookie);
        var me = await (await other.GetAsync("/api/auth/me").ExpectAsync(200)).NodeAsync();
        Assert.That((me["userName"]!.GetValue<string>(), me["authMethod"]!.GetValue<string>()), Is.EqualTo(("admin", "cookie")));

        HttpRequestMessage Create() => new(HttpMethod.Post, "/api/customers")
        {
            Content = new StringContent("""{"name":"Twice Ltd","tier":"standard"}""", System.Text.Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "cross-host-1" } },
        };
        var first = await one.Admin.SendAsync(Create()).ExpectAsync(201);
        var again = await two.Admin.SendAsync(Create()).ExpectAsync(201);
        Assert.That(again.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(again.Headers.Location, Is.EqualTo(first.Headers.Location));
        var listed = await (await two.Admin.GetAsync("/api/customers?q=Twice").ExpectAsync(200)).NodeAsync();
        Assert.That(listed["total"]!.GetValue<long>(), Is.EqualTo(1), "one customer, not two");
    }

    [Test]
    public async Task A_wrong_password_stops_the_host_naming_the_setting_without_a_stack_trace()
    {
        HostProcess.Install(_installed, "<!doctype html><title>installed Csm</title>");
        var wrong = new NpgsqlConnectionStringBuilder(await NewDatabaseAsync()) { Password = "not-the-password" };
        var (exit, error) = await HostProcess.RunToExitAsync(_installed, _root, On(wrong.ConnectionString));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.Trim(), Does.StartWith($"Csm cannot start. ConnectionStrings:Csm: PostgreSQL 127.0.0.1:{wrong.Port}/{wrong.Database} cannot be opened: ")
            .And.Contain("password authentication failed"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
        Assert.That(error, Does.Not.Contain("not-the-password"), "the password is not repeated");
    }

    [Test]
    public async Task Two_hosts_starting_at_once_on_a_new_database_apply_each_migration_once_and_a_newer_database_is_refused()
    {
        HostProcess.Install(_installed, "<!doctype html><title>installed Csm</title>");
        var database = await NewDatabaseAsync();
        var hosts = await Task.WhenAll(
            HostProcess.StartAsync(_installed, _root, On(database)), HostProcess.StartAsync(_installed, _root, On(database)));
        long applied;
        try
        {
            foreach (var host in hosts)
            {
                using var http = new HttpClient { BaseAddress = host.Url };
                Assert.That((await http.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
            await using var c = new NpgsqlConnection(database);
            applied = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations");
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM (SELECT DISTINCT module, version FROM schema_migrations) m"), Is.EqualTo(applied));
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE user_name = 'admin'"), Is.EqualTo(1), "one bootstrap admin");
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }

        await using (var c = new NpgsqlConnection(database))
            await c.ExecuteAsync("INSERT INTO schema_migrations (module, version, name, applied_at) VALUES ('Tickets', 9001, 'from_the_future', now())");
        var (exit, error) = await HostProcess.RunToExitAsync(_installed, _root, On(database));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.Trim(), Is.EqualTo("Csm cannot start. The database was migrated by a newer Csm (migrations this version does not know: Tickets 9001). "
            + "Run the newer Csm, or restore a backup taken before the upgrade."));
        await using (var c = new NpgsqlConnection(database))
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(applied + 1), "left as it was");
    }

    [Test]
    public async Task A_statement_run_again_is_prepared_on_its_connection_and_stays_prepared_when_the_connection_comes_back_from_the_pool()
    {
        await using var csm = await CsmFixture.StartAsync();
        var db = csm.Service<Db>();
        const string marked = "SELECT COUNT(*) FROM sys_users WHERE user_name = @Name /* prepared-once */";
        int pid;
        await using (var c = await db.OpenAsync())
        {
            pid = await c.ExecuteScalarAsync<int>("SELECT pg_backend_pid()");
            for (var i = 0; i < 3; i++) Assert.That(await c.ExecuteScalarAsync<long>(marked, new { Name = "admin" }), Is.EqualTo(1));
        }
        // The same server session again (the pool hands back its idle connections; other work may take one meanwhile).
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var c = await db.OpenAsync();
            if (await c.ExecuteScalarAsync<int>("SELECT pg_backend_pid()") != pid) continue;
            var prepared = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement LIKE '%prepared-once%'");
            Assert.That(prepared, Is.EqualTo(1), "parsed and planned once on the connection, kept when it went back to the pool");
            return;
        }
        Assert.Fail("The pool never handed back the connection the statement ran on.");
    }
}

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

    /// <summary>
    /// Two host processes on one database under load, one killed with SIGKILL in the middle, as a machine dies: every
    /// request that was answered 2xx is in the database once, every event was handled once, every e-mail sent once, and
    /// the scheduled scan ran once per tick, on the survivor after.
    /// </summary>
    [Test]
    public async Task Two_host_processes_one_killed_mid_load_lose_nothing_and_do_nothing_twice()
    {
        HostProcess.Install(_installed, "<!doctype html><title>installed Csm</title>");
        var database = await NewDatabaseAsync();
        await using var smtp = new SmtpTestServer();
        var settings = On(database, [.. smtp.Settings.Select(kv => (kv.Key, kv.Value!)),
            ("RateLimits:PublicPerMinute", "1000000"), ("RateLimits:LoginPerMinute", "1000"),
            ("Scheduler:Jobs:tickets.escalation:Interval", "00:00:01"), ("Scheduler:CheckinInterval", "00:00:01"),
            ("Scheduler:CheckinMisfireThreshold", "00:00:03"), ("Scheduler:IdleWaitTime", "00:00:01"),
            // What the victim leased when it died is taken over when the lease runs out: 10 s here, not 2 min.
            ("Outbound:LeaseDuration", "00:00:10"), ("Outbox:LeaseDuration", "00:00:10")]);
        await using var survivor = await HostProcess.StartAsync(_installed, _root, settings);
        var victim = await HostProcess.StartAsync(_installed, _root, settings);
        var admins = new[] { await AdminAsync(survivor.Url), await AdminAsync(victim.Url) };

        // A rule that e-mails every VIP customer it hears of: one e-mail per customer, whichever host handles the event.
        await admins[0].PostJsonAsync("/api/rules", new
        {
            name = "Welcome a VIP", enabled = true, trigger = new { @event = "customerUpserted" },
            condition = new { fact = "tier", op = "eq", value = "vip" },
            actions = new object[] { new { type = "sendEmail", to = "customer", subject = "欢迎 {{customerName}}", body = "您好 {{customerName}}" } },
            cooldownDays = 30,
        }).ExpectAsync(201);
        var survey = await (await admins[0].PostJsonAsync("/api/surveys", new
        {
            name = "After service", touchpoint = "service", title = new { zh = "服务满意度", en = "Service" },
            questions = new object[] { new { key = "nps", kind = "nps", text = new { zh = "推荐我们？", en = "Recommend us?" } } },
        }).ExpectAsync(201)).NodeAsync();
        await SeedInvitationsAsync(database, survey["id"]!.GetValue<long>(), 2000);
        var holder = await (await admins[0].PostJsonAsync("/api/customers", new { name = "Ticket holder", tier = "standard" }).ExpectAsync(201)).NodeAsync();
        var customerId = holder["id"]!.GetValue<long>();
        await WaitAsync(database, $"SELECT COUNT(*) FROM tkt_customers WHERE customer_id = {customerId}", 1);

        // 2,000 answers, 500 tickets and 200 VIP customers, sent alternately to both hosts; a request whose host is
        // gone is sent again to the other, as a client behind a load balancer would (same token, same Idempotency-Key).
        var work = Enumerable.Range(0, 2000).Select(i => (Kind: "answer", N: i))
            .Concat(Enumerable.Range(0, 500).Select(i => (Kind: "ticket", N: i)))
            .Concat(Enumerable.Range(0, 200).Select(i => (Kind: "vip", N: i)))
            .OrderBy(w => (w.N * 7919 + w.Kind.Length) % 2700).ToList();
        var answered = new System.Collections.Concurrent.ConcurrentBag<(string Kind, int N)>();
        var done = 0;
        var killed = false;
        var killedAt = DateTimeOffset.MaxValue;
        await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) =>
        {
            if (Interlocked.Increment(ref done) == work.Count * 2 / 5 && !killed)
            {
                killed = true;
                killedAt = DateTimeOffset.UtcNow;
                victim.Kill(); // SIGKILL: no shutdown, leases and half-done work left behind
            }
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var admin = admins[(w.N + attempt) % 2];
                try
                {
                    using var request = Request(w.Kind, w.N, customerId);
                    var response = await admin.SendAsync(request, ct);
                    var status = (int)response.StatusCode;
                    if (status is >= 200 and < 300) { answered.Add(w); return; }
                    // A retry after the first host died mid-request: that try may have landed. The token is then used
                    // (409), or the key's first request never got its answer recorded (409): stored, answer lost.
                    if (status == 409 && attempt > 0) return;
                    if (status < 500) Assert.Fail($"{w.Kind} {w.N}: {status} {await response.Content.ReadAsStringAsync(ct)}");
                }
                catch (HttpRequestException) { /* the host is gone: try the other */ }
            }
        });
        Assert.That(killed, Is.True);

        // Let the survivor deliver what was left: events, e-mails, and the leases the victim held when it died.
        await WaitAsync(database, "SELECT COUNT(*) FROM outbox_messages WHERE processed_at IS NULL", 0, TimeSpan.FromMinutes(3));
        await WaitAsync(database, "SELECT COUNT(*) FROM out_messages WHERE status IN ('queued', 'sending')", 0, TimeSpan.FromMinutes(4));

        await using var c = new NpgsqlConnection(database);
        // What the clients were told was done is stored, once; what was in flight on the dead host may be stored too
        // (its answer lost), but nothing twice.
        var stored = (await c.QueryAsync<string>("SELECT token_hash FROM srv_invitations i JOIN srv_responses r ON r.invitation_id = i.id")).ToList();
        Assert.That(stored, Is.Unique, "no answer stored twice");
        var answers = answered.Where(a => a.Kind == "answer").Select(a => Hash(Token(a.N))).ToList();
        Assert.That(stored, Is.SupersetOf(answers), "every answer the client was thanked for is stored");
        var subjects = (await c.QueryAsync<string>("SELECT subject FROM tkt_tickets WHERE subject LIKE 'Load %'")).ToList();
        Assert.That(subjects, Is.Unique, "no ticket created twice");
        Assert.That(subjects, Is.SupersetOf(answered.Where(a => a.Kind == "ticket").Select(a => $"Load {a.N}")), "every 201 is a ticket");
        var customers = (await c.QueryAsync<string>("SELECT email FROM cus_customers WHERE email LIKE 'vip%'")).ToList();
        Assert.That(customers, Is.Unique.And.SupersetOf(answered.Where(a => a.Kind == "vip").Select(a => $"vip{a.N}@example.com")));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rpt_responses"), Is.EqualTo(stored.Count), "Reports heard each answer once");
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rpt_tickets"), Is.EqualTo(subjects.Count), "Reports heard each ticket once");
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM rul_tickets"), Is.EqualTo(subjects.Count), "Rules heard each ticket once");
        var mailed = smtp.Received.Select(m => m.To[0]).ToList();
        Assert.That(mailed, Is.Unique, "no e-mail sent twice");
        Assert.That(mailed, Is.EquivalentTo(customers), "every VIP customer got its e-mail");
        TestContext.Out.WriteLine($"answers {answers.Count}/{stored.Count}, tickets {answered.Count(a => a.Kind == "ticket")}/{subjects.Count}, e-mails {mailed.Count}");

        // The escalation scan: never two runs of one tick, and after the kill only the survivor ran it.
        await Task.Delay(TimeSpan.FromSeconds(4));
        var runs = (await c.QueryAsync<Run>(Runs)).ToList();
        OncePerTick(runs);
        // A second after the kill: a scan the victim began in the milliseconds its death took is not the survivor's.
        var after = runs.Where(r => r.StartedAt > killedAt.UtcDateTime.AddSeconds(1)).ToList();
        Assert.That(after, Has.Count.GreaterThanOrEqualTo(2), "the scan goes on");
        Assert.That(after.Select(r => r.Host).Distinct().Count(), Is.EqualTo(1), "on the survivor alone");
        TestContext.Out.WriteLine($"scan runs {runs.Count} on {runs.Select(r => r.Host).Distinct().Count()} hosts");
        await victim.DisposeAsync();
    }

    private static HttpRequestMessage Request(string kind, int n, long customerId) => kind switch
    {
        "answer" => new HttpRequestMessage(HttpMethod.Post, $"/api/public/surveys/{Token(n)}/responses")
        {
            Content = JsonContent.Create(new { answers = new object[] { new { question = "nps", score = n % 11 } } }),
        },
        "ticket" => new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = JsonContent.Create(new { customerId, typeCode = "inquiry", channel = "phone", subject = $"Load {n}" }),
            Headers = { { "Idempotency-Key", $"ticket-{n}" } },
        },
        _ => new HttpRequestMessage(HttpMethod.Post, "/api/customers")
        {
            Content = JsonContent.Create(new { name = $"VIP {n}", tier = "vip", contacts = new[] { new { name = $"王 {n}", email = $"vip{n}@example.com" } } }),
            Headers = { { "Idempotency-Key", $"vip-{n}" } },
        },
    };

    private static string Token(int n) => $"load-token-{n:D6}";

    private static string Hash(string token) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));

    private static async Task SeedInvitationsAsync(string database, long surveyId, int count)
    {
        await using var c = new NpgsqlConnection(database);
        var now = DateTimeOffset.UtcNow;
        await c.ExecuteAsync(
            """
            INSERT INTO srv_invitations (survey_id, token_hash, channel, language, status, send_at, expires_at, created_at)
            VALUES (@Survey, @Hash, 'link', 'zh-CN', 'queued', @Now, @Expires, @Now)
            """,
            Enumerable.Range(0, count).Select(n => new
            {
                Survey = surveyId, Now = now, Expires = now.AddDays(30),
                Hash = Hash(Token(n)),
            }));
    }

    private static async Task<HttpClient> AdminAsync(Uri url)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var token = await (await client.PostJsonAsync("/api/auth/token", new { userName = "admin", password = HostProcess.AdminPassword }).ExpectAsync(200)).NodeAsync();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token["accessToken"]!.GetValue<string>());
        return client;
    }

    private static async Task WaitAsync(string database, string count, long expected, TimeSpan? within = null)
    {
        await using var c = new NpgsqlConnection(database);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        long now;
        while ((now = await c.ExecuteScalarAsync<long>(count)) != expected)
        {
            if (watch.Elapsed > (within ?? TimeSpan.FromSeconds(30))) Assert.Fail($"{count}: {now}, not {expected}, after {watch.Elapsed.TotalSeconds:F0} s");
            await Task.Delay(200);
        }
    }
}

using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Net.Http.Json;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Csm.Tests.Host;

/// <summary>
/// A host killed with SIGKILL in the middle of a load, as a machine dies: every request that was answered 2xx is in the
/// database once, every event was handled once, every e-mail sent once, and the scheduled scan ran once per tick. On
/// PostgreSQL two host processes share the database and the survivor carries on; on SQLite (one host) the host is
/// started again on the same file, as systemd would, and takes over what the dead one left.
/// </summary>
public sealed class KilledHostTests
{
    private string _root = null!;
    private string _installed = null!;

    [SetUp]
    public void Folders()
    {
        _root = Path.Combine(Path.GetTempPath(), "csm-killed-" + Guid.NewGuid().ToString("N")[..8]);
        _installed = Path.Combine(_root, "opt", "csm");
        Directory.CreateDirectory(_root);
        HostProcess.Install(_installed, "<!doctype html><title>installed Csm</title>");
    }

    [TearDown]
    public void Remove()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    [Test]
    public async Task Two_host_processes_on_PostgreSQL_one_killed_mid_load_lose_nothing_and_do_nothing_twice()
    {
        CsmFixture.OnlyOn(DatabaseProvider.PostgreSql, "two hosts share a PostgreSQL database.");
        var database = PostgresDatabase.ConnectionString(await PostgresDatabase.CreateEmptyAsync("csm_k_"));
        await using var load = new Load(() => new NpgsqlConnection(database), Dates.Native,
            [("Database:Provider", "PostgreSql"), ("ConnectionStrings:Csm", database)]);
        await using var survivor = await HostProcess.StartAsync(_installed, _root, load.Settings);
        var victim = await HostProcess.StartAsync(_installed, _root, load.Settings);
        var admins = new[] { await AdminAsync(survivor.Url), await AdminAsync(victim.Url) };

        // A request whose host is gone is sent again to the other, as a client behind a load balancer would.
        var (killedAt, runs) = await load.RunAsync(admins[0], (n, attempt) => Task.FromResult(admins[(n + attempt) % 2]), victim.Kill);

        var after = runs.Where(r => r.StartedAt > killedAt.AddSeconds(1)).ToList();
        Assert.That(after.Select(r => r.Host).Distinct().Count(), Is.EqualTo(1), "after the kill the scan ran on the survivor alone");
        await victim.DisposeAsync();
    }

    [Test]
    public async Task One_host_on_SQLite_killed_mid_load_and_started_again_loses_nothing_and_does_nothing_twice()
    {
        CsmFixture.OnlyOn(DatabaseProvider.Sqlite, "the SQLite file belongs to one host; the PostgreSQL run kills one of two.");
        var data = Path.Combine(_root, "data");
        await using var load = new Load(() => new SqliteConnection($"Data Source={Path.Combine(data, "csm.db")};Pooling=false"), Dates.Text,
            [("DataFolder", data)]);
        var first = await HostProcess.StartAsync(_installed, _root, load.Settings);
        var firstAdmin = await AdminAsync(first.Url);
        Task<HttpClient>? restarted = null;
        HostProcess? second = null;
        try
        {
            // Requests that meet the dead host wait for the one started again on the same file, and are sent to it.
            await load.RunAsync(firstAdmin, (_, attempt) => attempt == 0 && restarted == null ? Task.FromResult(firstAdmin) : restarted!, () =>
            {
                var ready = new TaskCompletionSource<HttpClient>(TaskCreationOptions.RunContinuationsAsynchronously);
                restarted = ready.Task;
                first.Kill();
                _ = Task.Run(async () =>
                {
                    try
                    {
                        second = await HostProcess.StartAsync(_installed, _root, load.Settings);
                        ready.SetResult(await AdminAsync(second.Url));
                    }
                    catch (Exception e) { ready.SetException(e); }
                });
            });
        }
        finally
        {
            await first.DisposeAsync();
            if (second != null) await second.DisposeAsync();
        }
    }

    /// <summary>How the test's own rows carry times: PostgreSQL takes them typed, SQLite as Csm's ISO text.</summary>
    private enum Dates { Native, Text }

    private sealed record Run(string Host, DateTime ScheduledAt, DateTime StartedAt);

    /// <summary>
    /// The load and what is checked after it: 2,000 survey answers, 500 tickets and 200 VIP customers (each e-mailed by a
    /// rule), eight at a time; the host is killed when two fifths were sent. <c>pick</c> says which host serves a request's
    /// try (0 first, 1 after the first met a dead host).
    /// </summary>
    private sealed class Load(Func<DbConnection> open, Dates dates, (string, string)[] database) : IAsyncDisposable
    {
        private readonly SmtpTestServer _smtp = new();

        public (string, string)[] Settings =>
        [
            .. database, .. _smtp.Settings.Select(kv => (kv.Key, kv.Value!)),
            ("RateLimits:PublicPerMinute", "1000000"), ("RateLimits:LoginPerMinute", "1000"),
            ("Scheduler:Jobs:tickets.escalation:Interval", "00:00:01"), ("Scheduler:CheckinInterval", "00:00:01"),
            ("Scheduler:CheckinMisfireThreshold", "00:00:03"), ("Scheduler:IdleWaitTime", "00:00:01"),
            // What the dead host leased is taken over when the lease runs out: 10 s here, not 2 min.
            ("Outbound:LeaseDuration", "00:00:10"), ("Outbox:LeaseDuration", "00:00:10"),
        ];

        public async Task<(DateTime KilledAt, List<Run> Runs)> RunAsync(HttpClient admin, Func<int, int, Task<HttpClient>> pick, Action kill)
        {
            // A rule that e-mails every VIP customer it hears of: one e-mail per customer, whichever host handles the event.
            await admin.PostJsonAsync("/api/rules", new
            {
                name = "Welcome a VIP", enabled = true, trigger = new { @event = "customerUpserted" },
                condition = new { fact = "tier", op = "eq", value = "vip" },
                actions = new object[] { new { type = "sendEmail", to = "customer", subject = "欢迎 {{customerName}}", body = "您好 {{customerName}}" } },
                cooldownDays = 30,
            }).ExpectAsync(201);
            var survey = await (await admin.PostJsonAsync("/api/surveys", new
            {
                name = "After service", touchpoint = "service", title = new { zh = "服务满意度", en = "Service" },
                questions = new object[] { new { key = "nps", kind = "nps", text = new { zh = "推荐我们？", en = "Recommend us?" } } },
            }).ExpectAsync(201)).NodeAsync();
            await SeedInvitationsAsync(survey["id"]!.GetValue<long>(), 2000);
            var holder = await (await admin.PostJsonAsync("/api/customers", new { name = "Ticket holder", tier = "standard" }).ExpectAsync(201)).NodeAsync();
            var customerId = holder["id"]!.GetValue<long>();
            await WaitAsync($"SELECT COUNT(*) FROM tkt_customers WHERE customer_id = {customerId}", 1);

            // Sent in a mixed order; a request whose host is gone is sent again (same token, same Idempotency-Key).
            var work = Enumerable.Range(0, 2000).Select(i => (Kind: "answer", N: i))
                .Concat(Enumerable.Range(0, 500).Select(i => (Kind: "ticket", N: i)))
                .Concat(Enumerable.Range(0, 200).Select(i => (Kind: "vip", N: i)))
                .OrderBy(w => (w.N * 7919 + w.Kind.Length) % 2700).ToList();
            var answered = new ConcurrentBag<(string Kind, int N)>();
            var done = 0;
            var killed = 0;
            var killedAt = DateTime.MaxValue;
            await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (w, ct) =>
            {
                if (Interlocked.Increment(ref done) == work.Count * 2 / 5 && Interlocked.Exchange(ref killed, 1) == 0)
                {
                    killedAt = DateTime.UtcNow;
                    kill(); // SIGKILL: no shutdown, leases and half-done work left behind
                }
                for (var attempt = 0; attempt < 2; attempt++)
                {
                    var client = await pick(w.N, attempt);
                    try
                    {
                        using var request = Request(w.Kind, w.N, customerId);
                        var response = await client.SendAsync(request, ct);
                        var status = (int)response.StatusCode;
                        if (status is >= 200 and < 300) { answered.Add(w); return; }
                        // A retry after the first host died mid-request: that try may have landed. The token is then used
                        // (409), or the key's first request never got its answer recorded (409): stored, answer lost.
                        if (status == 409 && attempt > 0) return;
                        if (status < 500) Assert.Fail($"{w.Kind} {w.N}: {status} {await response.Content.ReadAsStringAsync(ct)}");
                    }
                    catch (HttpRequestException) { /* the host is gone: try again */ }
                }
            });
            Assert.That(killed, Is.EqualTo(1));

            // Let the serving host deliver what was left: events, e-mails, and the leases the dead host held.
            await WaitAsync("SELECT COUNT(*) FROM outbox_messages WHERE processed_at IS NULL", 0, TimeSpan.FromMinutes(3));
            await WaitAsync("SELECT COUNT(*) FROM out_messages WHERE status IN ('queued', 'sending')", 0, TimeSpan.FromMinutes(4));

            await using var c = open();
            // What the clients were told was done is stored, once; what was in flight on the dead host may be stored
            // too (its answer lost), but nothing twice.
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
            var mailed = _smtp.Received.Select(m => m.To[0]).ToList();
            Assert.That(mailed.Distinct(), Is.EquivalentTo(customers), "every VIP customer got its e-mail");
            // SMTP has no way to ask whether a server already took a message: one the server accepted in the instant
            // before the host died, not yet marked sent, is sent again when its lease runs out. At most the one message
            // the dead host had in hand, with the same Message-ID (mail clients show one), and its row says two tries.
            var twice = _smtp.Received.GroupBy(m => m.To[0]).Where(g => g.Count() > 1).ToList();
            Assert.That(twice, Has.Count.LessThanOrEqualTo(1), $"no e-mail sent twice but the one in hand at the kill: {string.Join(", ", twice.Select(g => g.Key))}");
            foreach (var again in twice)
            {
                Assert.That(again.Select(m => m.Message.MessageId).Distinct().Count(), Is.EqualTo(1), "sent again under its own Message-ID");
                Assert.That(await c.ExecuteScalarAsync<long>("SELECT attempts FROM out_messages WHERE recipient = @To", new { To = again.Key }),
                    Is.GreaterThanOrEqualTo(2), "taken over from the dead host's lease");
                TestContext.Out.WriteLine($"{again.Key}: accepted by the server as the host died, sent again after its lease");
            }
            TestContext.Out.WriteLine($"answers {answers.Count}/{stored.Count}, tickets {answered.Count(a => a.Kind == "ticket")}/{subjects.Count}, e-mails {mailed.Count}");

            // The escalation scan: never two runs of one tick, and it goes on after the kill.
            await Task.Delay(TimeSpan.FromSeconds(4));
            var runs = (await c.QueryAsync("SELECT host, scheduled_at, started_at FROM tkt_escalation_runs ORDER BY id"))
                .Select(r => new Run((string)r.host, Utc(r.scheduled_at), Utc(r.started_at))).ToList();
            Assert.That(runs.Select(r => r.ScheduledAt), Is.Unique, "no tick ran twice");
            Assert.That(runs.Select(r => r.ScheduledAt), Is.Ordered, "and each after the one before");
            // A second after the kill: a scan the dead host began in the milliseconds its death took is not counted.
            Assert.That(runs.Count(r => r.StartedAt > killedAt.AddSeconds(1)), Is.GreaterThanOrEqualTo(2), "the scan goes on");
            TestContext.Out.WriteLine($"scan runs {runs.Count} on {runs.Select(r => r.Host).Distinct().Count()} hosts");
            return (killedAt, runs);
        }

        private static DateTime Utc(object value) => value switch
        {
            DateTime d => DateTime.SpecifyKind(d, DateTimeKind.Utc),
            DateTimeOffset d => d.UtcDateTime,
            _ => DateTimeOffset.Parse((string)value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime,
        };

        private async Task SeedInvitationsAsync(long surveyId, int count)
        {
            await using var c = open();
            var now = DateTimeOffset.UtcNow;
            object When(DateTimeOffset at) => dates == Dates.Native ? at : at.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            await c.ExecuteAsync(
                """
                INSERT INTO srv_invitations (survey_id, token_hash, channel, language, status, send_at, expires_at, created_at)
                VALUES (@Survey, @Hash, 'link', 'zh-CN', 'queued', @Now, @Expires, @Now)
                """,
                Enumerable.Range(0, count).Select(n => new { Survey = surveyId, Now = When(now), Expires = When(now.AddDays(30)), Hash = Hash(Token(n)) }));
        }

        private async Task WaitAsync(string count, long expected, TimeSpan? within = null)
        {
            await using var c = open();
            var watch = System.Diagnostics.Stopwatch.StartNew();
            long now;
            while ((now = await c.ExecuteScalarAsync<long>(count)) != expected)
            {
                if (watch.Elapsed > (within ?? TimeSpan.FromSeconds(30))) Assert.Fail($"{count}: {now}, not {expected}, after {watch.Elapsed.TotalSeconds:F0} s");
                await Task.Delay(200);
            }
        }

        public ValueTask DisposeAsync() => _smtp.DisposeAsync();
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

    private static async Task<HttpClient> AdminAsync(Uri url)
    {
        var client = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
        var token = await (await client.PostJsonAsync("/api/auth/token", new { userName = "admin", password = HostProcess.AdminPassword }).ExpectAsync(200)).NodeAsync();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token["accessToken"]!.GetValue<string>());
        return client;
    }
}

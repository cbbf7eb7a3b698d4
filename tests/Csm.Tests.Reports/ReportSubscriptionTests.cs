using System.Net.Http.Headers;
using System.Text;
using Csm.Modules.Reports.Subscriptions;
using MimeKit;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class ReportSubscriptionTests
{
    // The fixture's clock is Monday 2026-03-02 09:00 in Shanghai: the last whole week is 2026-02-23 to 2026-03-01.
    private static readonly DateTimeOffset LastWeek = new(2026, 2, 24, 10, 0, 0, Beijing);

    internal static async Task<byte[]> CsvAsync(HttpClient client, string url)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        var response = await client.SendAsync(request);
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<(string Name, byte[] Bytes)> AttachmentAsync(MimeMessage mail)
    {
        var file = mail.Attachments.OfType<MimePart>().Single();
        using var bytes = new MemoryStream();
        await file.Content.DecodeToAsync(bytes);
        return (file.FileName, bytes.ToArray());
    }

    [Test]
    public async Task A_weekly_subscription_emails_last_weeks_key_figures_with_the_csv_the_api_answers_once()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var manager = await csm.UserAsync("manager");
        await csm.UserAsync("manager", "lin", email: "lin@example.com");
        // 3 promoters, 1 passive, 1 detractor last week: NPS = (3 - 1) / 5 = 40; one answer this week is not in it.
        await csm.PublishAsync(
            Answer(1, LastWeek, nps: 10), Answer(2, LastWeek, nps: 9), Answer(3, LastWeek.AddDays(1), nps: 9),
            Answer(4, LastWeek.AddDays(2), nps: 7), Answer(5, LastWeek.AddDays(5), nps: 3), Answer(6, LastWeek.AddDays(6), nps: 0));

        var created = await (await manager.PostJsonAsync("/api/report-subscriptions",
            new { report = "nps", frequency = "weekly", userName = "lin", language = "en" }).ExpectAsync(201)).NodeAsync();
        Assert.That(created["timeZone"]!.GetValue<string>(), Is.EqualTo("Asia/Shanghai"));

        Assert.That(await csm.Service<ReportDeliveries>().DeliverDueAsync(), Is.EqualTo(1));
        Assert.That(await csm.Service<ReportDeliveries>().DeliverDueAsync(), Is.EqualTo(0), "a period goes out once");
        await csm.SendOutboundAsync();

        var mail = smtp.Received.Single();
        Assert.That(mail.To, Is.EqualTo(new[] { "lin@example.com" }));
        Assert.That(mail.Message.Subject, Is.EqualTo("Net Promoter Score · 2026-02-23 – 2026-03-01"));
        const int promoters = 3, detractors = 1, answers = 5;
        Assert.That(mail.Body, Does.Contain($"- Net Promoter Score: {100 * (promoters - detractors) / answers}\n"));
        Assert.That(mail.Body, Does.Contain($"- Answers: {answers}\n"));
        var (name, bytes) = await AttachmentAsync(mail.Message);
        var api = await CsvAsync(csm.Admin, "/api/reports/satisfaction?metric=nps&from=2026-02-23&to=2026-03-01&interval=day&timeZone=Asia/Shanghai");
        Assert.That(name, Is.EqualTo("satisfaction-nps-20260223-20260301.csv"));
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(Encoding.UTF8.GetString(api)), "the rows the API answers for the same week");
        Assert.That(bytes, Is.EqualTo(api));

        var listed = await (await manager.GetAsync("/api/report-subscriptions").ExpectAsync(200)).NodeAsync();
        Assert.That(listed["items"]![0]!["lastPeriod"]!.GetValue<string>(), Is.EqualTo("2026-02-23/2026-03-01"));
    }

    [Test]
    public async Task The_weekly_voc_digest_lists_detractors_top_themes_and_new_terms_with_three_verbatims_each_in_chinese()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.UserAsync("manager", "zhang", email: "zhang@example.com");
        var weekBefore = LastWeek.AddDays(-7);
        await csm.PublishAsync(
            Answer(1, weekBefore, nps: 2, comment: "价格太贵", themes: ["价格"]),
            Answer(2, LastWeek, nps: 1, comment: "备件等待时间太长，价格太贵", themes: ["备件", "价格"]),
            Answer(3, LastWeek.AddHours(1), nps: 3, comment: "备件等待时间太长", themes: ["备件"]),
            Answer(4, LastWeek.AddHours(2), nps: 0, comment: "等待时间太长了", themes: ["备件"]),
            Answer(5, LastWeek.AddHours(3), nps: 4, comment: "还是备件等待时间太长", themes: ["备件"]),
            Answer(6, LastWeek.AddHours(4), nps: 10, comment: "工程师很专业", themes: ["专业"]));
        await csm.Admin.PostJsonAsync("/api/report-subscriptions", new { report = "vocDigest", frequency = "weekly", userName = "zhang" }).ExpectAsync(201);

        await csm.Service<ReportDeliveries>().DeliverDueAsync();
        await csm.SendOutboundAsync();

        var mail = smtp.Received.Single();
        Assert.That(mail.Message.Subject, Is.EqualTo("客户之声周报 · 2026-02-23 – 2026-03-01"));
        var body = mail.Body;
        Assert.That(body, Does.Contain("贬损者提及最多的主题："));
        // 备件: four detractors' comments last week; 价格: one. Three verbatims each, newest first.
        Assert.That(body, Does.Contain("- 备件：4 次提及 (100%)\n    “还是备件等待时间太长”\n    “等待时间太长了”\n    “备件等待时间太长”\n- 价格：1 次提及 (25%)"));
        Assert.That(body, Does.Not.Contain("工程师很专业"), "a promoter's comment is not a detractor theme");
        // 等待时间 is in all four detractors' comments last week and in none the week before.
        Assert.That(body, Does.Contain("本周新出现的词：\n- 等待时间：4 条评论（上期 0）"));
        var (_, bytes) = await AttachmentAsync(mail.Message);
        var api = await CsvAsync(csm.Admin, "/api/reports/voice-of-customer?from=2026-02-23&to=2026-03-01&interval=day&timeZone=Asia/Shanghai&themes=5&verbatims=3");
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(Encoding.UTF8.GetString(api)));
    }

    [Test]
    public async Task A_role_subscription_reaches_each_active_member_and_records_who_has_no_address()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.UserAsync("accountManager", "am1", email: "am1@example.com");
        await csm.UserAsync("accountManager", "am2", email: "am2@example.com");
        await csm.UserAsync("accountManager", "am3");
        await csm.UserAsync("agent", "agent1", email: "agent1@example.com");
        await csm.Admin.PostJsonAsync("/api/report-subscriptions", new { report = "closedLoop", frequency = "daily", role = "accountManager" }).ExpectAsync(201);

        Assert.That(await csm.Service<ReportDeliveries>().DeliverDueAsync(), Is.EqualTo(3));
        await csm.SendOutboundAsync();

        Assert.That(smtp.Received.SelectMany(m => m.To).Order(), Is.EqualTo(new[] { "am1@example.com", "am2@example.com" }));
        Assert.That(smtp.Received.First().Message.Subject, Is.EqualTo("闭环回访 · 2026-03-01"));
        var failed = (await (await csm.Admin.GetAsync("/api/operations/outbound?status=failed").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        Assert.That(failed.Select(m => m!["lastError"]!.GetValue<string>()), Is.EqualTo(new[] { "am3 has no e-mail address" }));
    }

    [Test]
    public async Task Two_hosts_running_the_schedule_at_once_send_a_period_once()
    {
        await using var smtp = new SmtpTestServer();
        await using var one = await CsmFixture.StartAsync(smtp.Settings);
        await using var two = await CsmFixture.StartAsync(smtp.Settings, clock: one.Clock, databaseFile: one.DatabaseFile);
        await one.UserAsync("manager", "lin", email: "lin@example.com");
        await one.Admin.PostJsonAsync("/api/report-subscriptions", new { report = "service", frequency = "monthly", userName = "lin" }).ExpectAsync(201);

        var queued = await Task.WhenAll(one.Service<ReportDeliveries>().DeliverDueAsync(), two.Service<ReportDeliveries>().DeliverDueAsync());
        await Task.WhenAll(one.SendOutboundAsync(), two.SendOutboundAsync());

        Assert.That(queued.Sum(), Is.EqualTo(1));
        Assert.That(smtp.Received.Single().Message.Subject, Is.EqualTo("服务指标 · 2026-02-01 – 2026-02-28"));
        Assert.That(await one.CountAsync("SELECT COUNT(*) FROM rpt_subscription_deliveries"), Is.EqualTo(1));
    }

    [TestCase("csat", "satisfaction?metric=csat&interval=day")]
    [TestCase("ces", "satisfaction?metric=ces&interval=day")]
    [TestCase("service", "service?interval=day")]
    [TestCase("closedLoop", "closed-loop?interval=day")]
    [TestCase("complaintRate", "complaint-rate?interval=day")]
    [TestCase("kpis", "kpis?")]
    public async Task Every_subscribed_report_attaches_the_csv_its_endpoint_answers_for_the_week(string report, string endpoint)
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        await csm.UserAsync("manager", "lin", email: "lin@example.com");
        await csm.PublishAsync(Answer(1, LastWeek, nps: 3, csat: 2, ces: 6, agent: "lin"), Answer(2, LastWeek.AddDays(1), nps: 10, csat: 5, ces: 2, agent: "lin"));
        await csm.Admin.PutJsonAsync("/api/kpi-targets", new { scope = "agent", subject = "lin", kpi = "csat", value = 60 }).ExpectAsync(200);
        await csm.Admin.PostJsonAsync("/api/report-subscriptions", new { report, frequency = "weekly", userName = "lin", language = "en" }).ExpectAsync(201);

        await csm.Service<ReportDeliveries>().DeliverDueAsync();
        await csm.SendOutboundAsync();

        var (_, bytes) = await AttachmentAsync(smtp.Received.Single().Message);
        var api = await CsvAsync(csm.Admin, $"/api/reports/{endpoint}&from=2026-02-23&to=2026-03-01&timeZone=Asia/Shanghai");
        Assert.That(Encoding.UTF8.GetString(bytes), Is.EqualTo(Encoding.UTF8.GetString(api)));
        Assert.That(Encoding.UTF8.GetString(api).Split("\r\n", StringSplitOptions.RemoveEmptyEntries), Has.Length.GreaterThan(1), "a header and rows");
    }

    [TestCase("report", "{\"report\":\"happiness\",\"frequency\":\"weekly\",\"role\":\"manager\"}")]
    [TestCase("frequency", "{\"report\":\"nps\",\"frequency\":\"hourly\",\"role\":\"manager\"}")]
    [TestCase("role", "{\"report\":\"nps\",\"frequency\":\"weekly\",\"role\":\"boss\"}")]
    [TestCase("userName", "{\"report\":\"nps\",\"frequency\":\"weekly\"}")]
    [TestCase("userName", "{\"report\":\"nps\",\"frequency\":\"weekly\",\"userName\":\"nobody\"}")]
    [TestCase("userName", "{\"report\":\"nps\",\"frequency\":\"weekly\",\"userName\":\"wang\"}")]
    [TestCase("timeZone", "{\"report\":\"nps\",\"frequency\":\"weekly\",\"role\":\"manager\",\"timeZone\":\"Mars/Olympus\"}")]
    [TestCase("language", "{\"report\":\"nps\",\"frequency\":\"weekly\",\"role\":\"manager\",\"language\":\"fr\"}")]
    public async Task A_bad_subscription_is_refused_naming_the_field_and_writes_nothing(string field, string body)
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.UserAsync("agent", "wang"); // no e-mail address
        var manager = await csm.UserAsync("manager");

        var problem = await (await manager.PostAsync("/api/report-subscriptions", new StringContent(body, Encoding.UTF8, "application/json")).ExpectAsync(400)).NodeAsync();

        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_subscriptions"), Is.EqualTo(0));
    }
}

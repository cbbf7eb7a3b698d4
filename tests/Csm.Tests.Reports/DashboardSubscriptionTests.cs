using System.Text;
using System.Text.Json.Nodes;
using Csm.Modules.Reports.Subscriptions;
using MimeKit;
using static Csm.Tests.Reports.ReportsApi;

namespace Csm.Tests.Reports;

public sealed class DashboardSubscriptionTests
{
    // The fixture's clock is Monday 2026-03-02 09:00 in Shanghai: the last whole week is 2026-02-23 to 2026-03-01.
    private static readonly DateTimeOffset LastWeek = new(2026, 2, 24, 10, 0, 0, Beijing);
    private const string Week = "from=2026-02-23&to=2026-03-01&interval=day&timeZone=Asia/Shanghai";

    private static object Tile(string kind, int x, int y, string? metric = null) => new { kind, x, y, w = 4, h = 4, metric };

    private static async Task<long> DashboardAsync(HttpClient client, object sharedWith, params object[] tiles) =>
        (await (await client.PostJsonAsync("/api/dashboards", new { name = "周会", sharedWith, tiles }).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();

    private static async Task<string> CsvAsync(HttpClient client, string url) => Encoding.UTF8.GetString(await ReportSubscriptionTests.CsvAsync(client, url));

    private static async Task<Dictionary<string, string>> AttachmentsAsync(MimeMessage mail)
    {
        var files = new Dictionary<string, string>();
        foreach (var file in mail.Attachments.OfType<MimePart>())
        {
            using var bytes = new MemoryStream();
            await file.Content.DecodeToAsync(bytes);
            files[file.FileName] = Encoding.UTF8.GetString(bytes.ToArray());
        }
        return files;
    }

    private static string Figure(JsonNode? value) => value is null ? "no data" : value.GetValue<double>().ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task A_dashboard_subscription_emails_each_data_tiles_figures_as_its_endpoints_answer_them_with_one_csv_per_report()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var manager = await csm.UserAsync("manager");
        await csm.UserAsync("manager", "lin", email: "lin@example.com");
        await csm.PublishAsync(
            Answer(1, LastWeek, nps: 10, csat: 5), Answer(2, LastWeek, nps: 9, csat: 4), Answer(3, LastWeek.AddDays(1), nps: 3, csat: 2),
            Answer(4, LastWeek.AddDays(2), nps: 7, csat: 3), Answer(5, LastWeek.AddDays(8), nps: 0, csat: 1));
        var dashboard = await DashboardAsync(manager, new { kind = "role", name = "manager" },
            Tile("headline", 0, 0, "nps"), Tile("satisfaction", 4, 0, "csat"), Tile("closedLoop", 8, 0), Tile("headline", 0, 4, "nps"), Tile("myTickets", 4, 4));

        await manager.PostJsonAsync("/api/report-subscriptions",
            new { report = "dashboard", dashboardId = dashboard, frequency = "weekly", userName = "lin", language = "en" }).ExpectAsync(201);
        Assert.That(await csm.Service<ReportDeliveries>().DeliverDueAsync(), Is.EqualTo(1));
        Assert.That(await csm.Service<ReportDeliveries>().DeliverDueAsync(), Is.EqualTo(0), "a period goes out once");
        await csm.SendOutboundAsync();

        var mail = smtp.Received.Single();
        Assert.That(mail.To, Is.EqualTo(new[] { "lin@example.com" }));
        Assert.That(mail.Message.Subject, Is.EqualTo("Dashboard “周会” · 2026-02-23 – 2026-03-01"));
        var nps = (await manager.ReportAsync($"/api/reports/satisfaction?metric=nps&{Week}"))["groups"]![0]!["total"]!;
        var csat = (await manager.ReportAsync($"/api/reports/satisfaction?metric=csat&{Week}"))["groups"]![0]!["total"]!;
        var loop = (await manager.ReportAsync($"/api/reports/closed-loop?{Week}"))["groups"]![0]!["total"]!;
        Assert.That(Figure(nps["value"]), Is.EqualTo("25"), "2 promoters, 1 detractor of 4 answers last week");
        Assert.Multiple(() =>
        {
            Assert.That(mail.Body, Does.Contain($"## Net Promoter Score\n- Net Promoter Score: {Figure(nps["value"])}\n- Answers: {nps["n"]}\n"));
            Assert.That(mail.Body, Does.Contain($"## Customer satisfaction (CSAT)\n- Customer satisfaction (CSAT): {Figure(csat["value"])}\n- Answers: {csat["n"]}\n"));
            Assert.That(mail.Body, Does.Contain($"## Closed loop\n- Unhappy answers: {loop["unhappy"]}\n"));
            Assert.That(mail.Body.Split("## Net Promoter Score"), Has.Length.EqualTo(2), "two tiles of one report: sent once");
            Assert.That(mail.Body, Does.Contain("Also on the dashboard (see it in Csm): myTickets"));
        });
        var files = await AttachmentsAsync(mail.Message);
        Assert.That(files.Keys, Is.EquivalentTo(new[] { "satisfaction-nps-20260223-20260301.csv", "satisfaction-csat-20260223-20260301.csv", files.Keys.Single(k => k.StartsWith("closed-loop")) }));
        Assert.That(files["satisfaction-nps-20260223-20260301.csv"], Is.EqualTo(await CsvAsync(manager, $"/api/reports/satisfaction?metric=nps&{Week}")));
        Assert.That(files["satisfaction-csat-20260223-20260301.csv"], Is.EqualTo(await CsvAsync(manager, $"/api/reports/satisfaction?metric=csat&{Week}")));
        Assert.That(files.Single(f => f.Key.StartsWith("closed-loop")).Value, Is.EqualTo(await CsvAsync(manager, $"/api/reports/closed-loop?{Week}")));
    }

    [Test]
    public async Task A_role_is_sent_its_dashboard_in_chinese_and_a_deleted_dashboard_sends_nothing()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var manager = await csm.UserAsync("manager");
        await csm.UserAsync("accountManager", "am1", email: "am1@example.com");
        await csm.PublishAsync(Answer(1, LastWeek, nps: 10), Answer(2, LastWeek, nps: 2));
        var kept = await DashboardAsync(manager, new { kind = "role", name = "accountManager" }, Tile("headline", 0, 0, "nps"));
        var deleted = await DashboardAsync(manager, new { kind = "role", name = "accountManager" }, Tile("closedLoop", 0, 0));
        await manager.PostJsonAsync("/api/report-subscriptions", new { report = "dashboard", dashboardId = kept, frequency = "weekly", role = "accountManager" }).ExpectAsync(201);
        await manager.PostJsonAsync("/api/report-subscriptions", new { report = "dashboard", dashboardId = deleted, frequency = "weekly", role = "accountManager" }).ExpectAsync(201);
        await manager.DeleteAsync($"/api/dashboards/{deleted}").ExpectAsync(204);

        Assert.That(await csm.Service<ReportDeliveries>().DeliverDueAsync(), Is.EqualTo(1));
        await csm.SendOutboundAsync();
        var mail = smtp.Received.Single();
        Assert.That(mail.Message.Subject, Is.EqualTo("看板「周会」 · 2026-02-23 – 2026-03-01"));
        Assert.That(mail.Body, Does.Contain("【净推荐值 (NPS)】\n- 净推荐值 (NPS)：0\n- 回答数：2\n"));
    }

    [TestCase("dashboardId", "mine", "lin")]
    [TestCase("dashboardId", "team", "lin")]
    [TestCase("dashboardId", "agents", null)]
    [TestCase("dashboardId", "none", "lin")]
    [TestCase("dashboardId", "nps", "lin")]
    public async Task A_subscription_to_a_dashboard_its_recipient_does_not_see_is_refused_naming_the_field(string field, string which, string? userName)
    {
        await using var csm = await CsmFixture.StartAsync();
        var manager = await csm.UserAsync("manager", "mei");
        await csm.UserAsync("manager", "lin", email: "lin@example.com", team: "north");
        var mine = await DashboardAsync(manager, new { kind = "person" }, Tile("headline", 0, 0, "nps"));
        var team = await DashboardAsync(manager, new { kind = "team", name = "south" }, Tile("headline", 0, 0, "nps"));
        var agents = await DashboardAsync(manager, new { kind = "role", name = "agent" }, Tile("headline", 0, 0, "nps"));
        var before = await csm.CountAsync("SELECT COUNT(*) FROM rpt_subscriptions");
        object body = which switch
        {
            "mine" => new { report = "dashboard", dashboardId = mine, frequency = "weekly", userName },
            "team" => new { report = "dashboard", dashboardId = team, frequency = "weekly", userName },
            "agents" => new { report = "dashboard", dashboardId = agents, frequency = "weekly", role = "manager" },
            "none" => new { report = "dashboard", frequency = "weekly", userName },
            _ => new { report = "nps", dashboardId = mine, frequency = "weekly", userName },
        };
        var problem = await (await manager.PostJsonAsync("/api/report-subscriptions", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty, problem.ToJsonString());
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM rpt_subscriptions"), Is.EqualTo(before));
    }
}

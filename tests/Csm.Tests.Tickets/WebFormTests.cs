using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Outbound;

namespace Csm.Tests.Tickets;

/// <summary>
/// The public web form (POST /api/public/tickets, the page /support): anyone writes in without an account, becomes the
/// customer whose e-mail or phone it is or a prospect for staff to review, and gets the ticket's number at once and by e-mail.
/// </summary>
[NonParallelizable]
public sealed class WebFormTests
{
    private static object Form(string name = "王芳", string? email = "wang.fang@example.cn", string? phone = null, string subject = "空调不制冷",
        string description = "昨天开始，室内机只吹风。", string? language = null, string? website = null, string? page = null) =>
        new { name, email, phone, subject, description, language, website, page };

    [Test]
    public async Task A_known_customer_writing_in_by_e_mail_or_phone_gets_a_web_ticket_and_its_number_at_once_and_by_e_mail()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var customer = await (await csm.Admin.PostJsonAsync("/api/customers", new
        {
            name = "华东精密机械", tier = "vip", contacts = new[] { new { name = "王芳", email = "Wang.Fang@Example.cn", phone = "+86 138 0013 8000", isPrimary = true } },
        }).ExpectAsync(201)).NodeAsync();
        var customerId = customer["id"]!.GetValue<long>();

        var byEmail = await (await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form(email: " wang.fang@EXAMPLE.cn ", page: "https://shop.example.cn/help"))
            .ExpectAsync(201)).NodeAsync();
        var byPhone = await (await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form(email: null, phone: "+86 (138) 0013-8000", subject: "再次联系"))
            .ExpectAsync(201)).NodeAsync();

        var tickets = await (await csm.Admin.GetAsync($"/api/tickets?CustomerId={customerId}").ExpectAsync(200)).NodeAsync();
        var items = tickets["items"]!.AsArray();
        Assert.That(items.Select(t => t!["number"]!.GetValue<string>()), Is.EquivalentTo(new[] { byEmail["number"]!.GetValue<string>(), byPhone["number"]!.GetValue<string>() }),
            "both land on the customer whose contact it is, under the numbers the writer was given");
        var first = await (await csm.Admin.GetAsync($"/api/tickets/{items.Single(t => t!["subject"]!.GetValue<string>() == "空调不制冷")!["id"]}").ExpectAsync(200)).NodeAsync();
        Assert.That(first["channel"]!.GetValue<string>(), Is.EqualTo("web"));
        Assert.That(first["typeCode"]!.GetValue<string>(), Is.EqualTo("inquiry"));
        Assert.That(first["description"]!.GetValue<string>(), Does.StartWith("昨天开始，室内机只吹风。").And.Contain("王芳 · wang.fang@EXAMPLE.cn").And.Contain("https://shop.example.cn/help"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(1), "nobody new was added");

        await csm.SendOutboundAsync();
        var acknowledgement = smtp.Received.First(m => m.Message.Subject.Contains("空调不制冷"));
        Assert.That(acknowledgement.To.Single(), Is.EqualTo("Wang.Fang@Example.cn"), "the customer's own address");
        Assert.That(acknowledgement.Message.Subject, Is.EqualTo($"[{byEmail["number"]}] 我们已收到您的请求：空调不制冷"));
    }

    [Test]
    public async Task Someone_nobody_knows_becomes_a_prospect_tagged_for_review_and_hears_back_in_their_language()
    {
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var receipt = await (await csm.Anonymous().PostJsonAsync("/api/public/tickets",
            Form(name: "Ann Lee", email: "ann@harbour.example.com", subject: "Invoice copy", description: "Please send the March invoice again.", language: "en"))
            .ExpectAsync(201)).NodeAsync();
        var number = receipt["number"]!.GetValue<string>();
        Assert.That(number, Does.Match(@"^TK-\d{4}-\d{6}$"));

        var found = await (await csm.Admin.GetAsync("/api/customers?tag=needs-review").ExpectAsync(200)).NodeAsync();
        var prospect = found["items"]!.AsArray().Single()!;
        Assert.That(prospect["name"]!.GetValue<string>(), Is.EqualTo("Ann Lee"));
        Assert.That(prospect["tier"]!.GetValue<string>(), Is.EqualTo("prospect"));
        var profile = await (await csm.Admin.GetAsync($"/api/customers/{prospect["id"]}").ExpectAsync(200)).NodeAsync();
        Assert.That(profile["language"]!.GetValue<string>(), Is.EqualTo("en"));
        Assert.That(profile["contacts"]![0]!["email"]!.GetValue<string>(), Is.EqualTo("ann@harbour.example.com"));

        await csm.SendOutboundAsync();
        var mail = smtp.Received.Single();
        Assert.That(mail.To.Single(), Is.EqualTo("ann@harbour.example.com"));
        Assert.That(mail.Message.Subject, Is.EqualTo($"[{number}] We have your request: Invoice copy"));

        var audit = await (await csm.Admin.GetAsync("/api/audit?action=customer.created").ExpectAsync(200)).NodeAsync();
        var entry = audit["items"]!.AsArray().Single()!;
        Assert.That(entry["actorKind"]!.GetValue<string>(), Is.EqualTo("anonymous"));
        Assert.That(entry["after"]!.ToJsonString(), Does.Contain("webForm"));

        // The same person writing again is the same customer, not a second prospect.
        await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form(name: "Ann", email: "ANN@harbour.example.com", language: "en")).ExpectAsync(201);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(1));
    }

    [TestCase("name", "longName")]
    [TestCase("website", "honeypot")]
    [TestCase("email", "noContact")]
    [TestCase("email", "badEmail")]
    [TestCase("phone", "badPhone")]
    [TestCase("subject", "noSubject")]
    [TestCase("language", "badLanguage")]
    public async Task Bad_input_is_a_400_naming_the_field_and_leaves_nobody_and_no_ticket_behind(string field, string how)
    {
        await using var csm = await CsmFixture.StartAsync();
        var body = how switch
        {
            "longName" => Form(name: new string('名', 10_000)),
            "honeypot" => Form(website: "http://spam.example"),
            "noContact" => Form(email: null, phone: null),
            "badEmail" => Form(email: "not-an-address"),
            "badPhone" => Form(phone: "call me maybe"),
            "noSubject" => Form(subject: " "),
            _ => Form(language: "fr"),
        };
        var problem = await (await csm.Anonymous().PostJsonAsync("/api/public/tickets", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Does.Contain(field));
        Assert.That(problem.ToJsonString(), Does.Not.Contain("   at "), "no stack trace");
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.Zero);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.Zero);
    }

    [Test]
    public async Task A_field_the_form_does_not_have_is_refused_by_name()
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await csm.Anonymous().PostJsonAsync("/api/public/tickets", new { name = "n", email = "a@b.cn", subject = "s", description = "d", priority = "urgent" })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ToJsonString(), Does.Contain("priority"));
    }

    [Test]
    public async Task One_address_gets_a_few_forms_a_minute_then_429()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["RateLimits:PublicPerMinute"] = "3" });
        var statuses = new List<int>();
        for (var i = 0; i < 5; i++)
            statuses.Add((int)(await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form(subject: $"第 {i} 次"))).StatusCode);
        Assert.That(statuses, Is.EqualTo(new[] { 201, 201, 201, 429, 429 }));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(3));

        // The refusal says why and until when (the rest of the minute); another address has its own count.
        var refused = await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form()).ExpectAsync(429);
        Assert.That((await refused.NodeAsync())["title"]!.GetValue<string>(), Is.EqualTo("Too many requests"));
        var wait = int.Parse(refused.Headers.GetValues("Retry-After").Single());
        var untilNextMinute = 60 - csm.Clock.GetUtcNow().Second;
        Assert.That(wait, Is.InRange(untilNextMinute - 1, untilNextMinute + 1));
        await csm.From(System.Net.IPAddress.Parse("198.51.100.20")).PostJsonAsync("/api/public/tickets", Form()).ExpectAsync(201);
        // When the minute turns the first address may write again.
        csm.Clock.Advance(TimeSpan.FromSeconds(wait));
        await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form()).ExpectAsync(201);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.EqualTo(5));
    }

    [Test]
    public async Task A_form_turned_off_is_404_and_one_whose_ticket_type_is_missing_is_503_leaving_nobody_behind()
    {
        await using (var off = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Tickets:WebForm:Enabled"] = "false" }))
            await off.Anonymous().PostJsonAsync("/api/public/tickets", Form()).ExpectAsync(404);

        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Tickets:WebForm:TicketType"] = "nosuchtype" });
        var problem = await (await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form()).ExpectAsync(503)).NodeAsync();
        Assert.That(problem["title"]!.GetValue<string>(), Does.Contain("cannot take requests"));
        Assert.That(problem.ToJsonString(), Does.Not.Contain("nosuchtype"), "the set-up is the operator's business, not the visitor's");
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.Zero);
    }

    [Test]
    public async Task A_form_whose_ticket_type_asks_for_a_field_it_lacks_is_503_and_the_new_writer_is_not_added_either()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Tickets:WebForm:TicketType"] = "pump" });
        await csm.Admin.PostJsonAsync("/api/ticket-types", new
        {
            code = "pump", name = "Pump repair", kind = "repair", workflowCode = "repair", defaultPriority = "normal",
            fields = new[] { new { key = "model", label = "机型 Model", kind = "text", requiredAtIntake = true } },
        }).ExpectAsync(201);
        var customersBefore = await csm.CountAsync("SELECT COUNT(*) FROM cus_customers");

        await csm.Anonymous().PostJsonAsync("/api/public/tickets", Form()).ExpectAsync(503);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(customersBefore),
            "the prospect is written in the ticket's transaction, so it goes with the ticket that could not be opened");
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.Zero);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM sys_audit WHERE action = 'customer.created'"), Is.Zero);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM outbox_messages"), Is.Zero, "no event of a customer nobody can see");
    }
}

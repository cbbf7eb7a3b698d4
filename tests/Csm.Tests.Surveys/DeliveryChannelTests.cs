using System.Net;
using System.Text;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Customers.Contracts;
using Csm.BuildingBlocks.Outbound;
using Dapper;

namespace Csm.Tests.Surveys;

[NonParallelizable]
public sealed class DeliveryChannelTests
{
    [Test]
    public async Task In_the_file_drop_mode_an_invitation_email_is_dropped_as_a_file_a_new_user_can_read()
    {
        var drop = Path.Combine(Path.GetTempPath(), "csm-tests", "mail-" + Guid.NewGuid().ToString("N"));
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Email:Mode"] = "FileDrop", ["Email:DropDirectory"] = drop });
        await csm.PublishAsync(World.Customer(1, name: "Alice Chen", email: "alice@example.com", language: "en"));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 1, channel = "email" }).ExpectAsync(201);

        Assert.That((await csm.SendOutboundAsync()).Sent, Is.EqualTo(1));
        var eml = Directory.GetFiles(drop, "*.eml").Single();
        var mail = new ReceivedMail("", ["alice@example.com"], (await File.ReadAllTextAsync(eml)).Replace("\r\n", "\n").Replace("\n", "\r\n"));
        Assert.That(mail.Message.To.Mailboxes.Single().Address, Is.EqualTo("alice@example.com"));
        Assert.That(mail.Body, Does.StartWith("Hello Alice,"));
        await csm.Anonymous().GetAsync($"/api/public/surveys/{mail.Token}").ExpectAsync(200);
        Directory.Delete(drop, recursive: true);
    }

    [Test]
    public async Task Without_an_email_mode_an_invitation_is_recorded_failed_naming_the_setting_and_nothing_is_written()
    {
        var drop = Path.Combine(Path.GetTempPath(), "csm-tests", "mail-" + Guid.NewGuid().ToString("N"));
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Email:Mode"] = "", ["Email:DropDirectory"] = drop });
        await csm.PublishAsync(World.Customer(6, email: "bob@example.com", language: "en"));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 6, channel = "email" }).ExpectAsync(201);

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 1, 0, 0)));
        var failed = (await (await csm.Admin.GetAsync("/api/operations/outbound?status=failed").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Single()!;
        Assert.That(failed["recipient"]!.GetValue<string>(), Is.EqualTo("bob@example.com"));
        Assert.That(failed["lastError"]!.GetValue<string>(), Does.StartWith("no e-mail server is configured").And.Contain("Email:Mode"));
        Assert.That(failed["serverReply"]?.GetValue<string>(), Is.Null);
        Assert.That(Directory.Exists(drop), Is.False, "no file drop unless asked for");
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_invitations WHERE status = 'sent'"), Is.Zero);
    }

    [Test]
    public async Task Without_an_sms_mode_an_invitation_by_sms_is_recorded_failed_naming_the_setting()
    {
        var drop = Path.Combine(Path.GetTempPath(), "csm-tests", "sms-" + Guid.NewGuid().ToString("N"));
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Sms:Mode"] = "", ["Sms:DropDirectory"] = drop });
        await csm.PublishAsync(World.Customer(6, phone: "+8613800138000", language: "zh-CN"));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 6, channel = "sms" }).ExpectAsync(201);

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 1, 0, 0)));
        var failed = (await (await csm.Admin.GetAsync("/api/operations/outbound?status=failed").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Single()!;
        Assert.That(failed["lastError"]!.GetValue<string>(), Does.StartWith("no SMS gateway is configured").And.Contain("Sms:Mode"));
        Assert.That(Directory.Exists(drop), Is.False, "no file drop unless asked for");
    }

    [Test]
    public async Task An_sms_goes_through_the_configured_http_gateway_in_the_customers_language()
    {
        var port = FreePort();
        using var gateway = new HttpListener();
        gateway.Prefixes.Add($"http://127.0.0.1:{port}/sms/");
        gateway.Start();
        var received = Task.Run(async () =>
        {
            var context = await gateway.GetContextAsync();
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            var signature = context.Request.Headers["X-Csm-Signature"];
            context.Response.StatusCode = 202;
            context.Response.Close();
            return (body, signature);
        });
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>
        {
            ["Sms:Mode"] = "Gateway", ["Sms:GatewayUrl"] = $"http://127.0.0.1:{port}/sms/", ["Sms:Secret"] = "gateway-secret-1234",
        });
        await csm.PublishAsync(World.Customer(2, name: "李雷", phone: "+8613900000002", language: "zh-CN"));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 2, channel = "sms" }).ExpectAsync(201);

        Assert.That((await csm.SendOutboundAsync()).Sent, Is.EqualTo(1));
        var (body, signature) = await received.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.That(signature, Is.EqualTo(Signature.Of("gateway-secret-1234", body)), "the gateway can tell the call came from Csm unchanged");
        var sms = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        Assert.That(sms["to"]!.GetValue<string>(), Is.EqualTo("+8613900000002"));
        Assert.That(sms["text"]!.GetValue<string>(), Does.StartWith("雷，您好").And.Contain("/s/"));
    }

    [Test]
    public async Task A_customer_without_an_address_is_suppressed_with_the_reason()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(World.Customer(3, email: null, phone: null));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        var email = await (await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 3, channel = "email" }).ExpectAsync(201)).NodeAsync();
        Assert.That((email["status"]!.GetValue<string>(), email["suppressedReason"]!.GetValue<string>()), Is.EqualTo(("suppressed", "no e-mail address")));
        Assert.That(email["token"], Is.Null);
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 404, channel = "email" }).ExpectAsync(404);
    }

    [Test]
    public async Task Erasing_a_customer_cancels_unsent_invitations_and_forgets_their_address()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(World.Customer(4, email: "gone@example.com", tier: CustomerTier.Standard));
        var survey = await csm.CreateSurveyAsync(Samples.CsatSurvey());
        await csm.Admin.PostJsonAsync($"/api/surveys/{survey}/invitations", new { customerId = 4, channel = "email" }).ExpectAsync(201);

        await csm.PublishAsync(new CustomerErased(4));
        Assert.That((await csm.SendOutboundAsync()).Sent, Is.Zero);
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM out_messages WHERE module = 'surveys'"), Is.EqualTo(1));
        Assert.That(await c.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM out_messages WHERE module = 'surveys' AND (recipient IS NOT NULL OR body_text <> '' OR status <> 'cancelled')"), Is.Zero);
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_customers WHERE email IS NOT NULL OR first_name IS NOT NULL"), Is.Zero);

        // A late, older upsert does not bring the address back.
        await csm.PublishAsync(World.Customer(4, email: "gone@example.com", version: 1));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_customers WHERE email IS NOT NULL"), Is.Zero);
    }

    [Test]
    public async Task An_older_customer_version_delivered_late_does_not_overwrite_the_newer_address()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.PublishAsync(World.Customer(5, email: "new@example.com", version: 2));
        await csm.PublishAsync(World.Customer(5, email: "old@example.com", version: 1));
        await using var c = await csm.Service<Db>().OpenAsync();
        Assert.That(await c.ExecuteScalarAsync<string>("SELECT email FROM srv_customers WHERE customer_id = 5"), Is.EqualTo("new@example.com"));
    }

    private static int FreePort()
    {
        var l = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}

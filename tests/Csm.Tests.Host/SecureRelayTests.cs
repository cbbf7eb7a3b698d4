using Csm.BuildingBlocks.Outbound;
using static Csm.Tests.Host.OutboundTests;

namespace Csm.Tests.Host;

/// <summary>E-mail through a relay that wants TLS and a password, as a company's mail server does.</summary>
[NonParallelizable]
public sealed class SecureRelayTests
{
    [Test]
    public async Task Over_starttls_with_a_user_and_password_a_message_reaches_the_relay_encrypted_and_signed_in()
    {
        await using var smtp = new SmtpTestServer { Tls = SmtpTls.StartTls, Credentials = ("csm-relay", "Relay-Pa55word") };
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var id = await QueueAsync(csm, Mail("li.lei@example.com", "【工单 T-000042】已受理"));

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(1, 0, 0, 0)));
        var mail = smtp.Received.Single();
        Assert.That((mail.Secure, mail.User), Is.EqualTo((true, "csm-relay")));
        Assert.That(mail.Message.Subject, Is.EqualTo("【工单 T-000042】已受理"));
        Assert.That((await MessageAsync(csm, id, "sent"))["serverReply"]!.GetValue<string>(), Does.StartWith("250 2.0.0 OK queued as"));
    }

    [Test]
    public async Task With_tls_from_the_first_byte_a_message_reaches_the_relay_encrypted()
    {
        await using var smtp = new SmtpTestServer { Tls = SmtpTls.SslOnConnect };
        await using var csm = await CsmFixture.StartAsync(smtp.Settings);
        var id = await QueueAsync(csm, Mail("a@example.com"));

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(1, 0, 0, 0)));
        Assert.That((smtp.Received.Single().Secure, smtp.Received.Single().User), Is.EqualTo((true, (string?)null)));
        Assert.That((await MessageAsync(csm, id, "sent"))["serverReply"]!.GetValue<string>(), Does.StartWith("250"));
    }

    [Test]
    public async Task A_wrong_password_is_not_sent_and_the_message_says_the_servers_535()
    {
        await using var smtp = new SmtpTestServer { Tls = SmtpTls.StartTls, Credentials = ("csm-relay", "Relay-Pa55word") };
        var settings = smtp.Settings;
        settings["Email:Password"] = "not-the-password";
        await using var csm = await CsmFixture.StartAsync(settings);
        var id = await QueueAsync(csm, Mail("a@example.com"));

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 1, 0)), "kept to retry once the password is put right");
        var waiting = await MessageAsync(csm, id, "queued");
        Assert.That(waiting["lastError"]!.GetValue<string>(),
            Does.StartWith("535").And.Contain("authentication failed: bad user name or password").And.Contain("Email:Password"));
        Assert.That(waiting["serverReply"]?.GetValue<string>(), Is.Null);
        Assert.That(smtp.Received, Is.Empty);
    }

    [Test]
    public async Task A_relay_whose_certificate_is_neither_trusted_nor_pinned_gets_nothing_and_the_error_names_the_certificate()
    {
        await using var smtp = new SmtpTestServer { Tls = SmtpTls.StartTls };
        var settings = smtp.Settings;
        settings.Remove("Email:ServerCertificateThumbprint");
        await using var csm = await CsmFixture.StartAsync(settings);
        var id = await QueueAsync(csm, Mail("a@example.com"));

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 1, 0)));
        var error = (await MessageAsync(csm, id, "queued"))["lastError"]!.GetValue<string>();
        Assert.That(error, Does.StartWith("the server's certificate (CN=mail.csm.test, SHA-256 " + smtp.Certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256))
            .And.Contain("is not trusted: RemoteCertificateChainErrors").And.Contain("Email:ServerCertificateThumbprint"));
        Assert.That(smtp.Received, Is.Empty);
    }

    [Test]
    public async Task A_pin_accepts_only_its_own_certificate()
    {
        await using var smtp = new SmtpTestServer { Tls = SmtpTls.SslOnConnect };
        using var other = SmtpTestServer.SelfSigned("CN=other.csm.test");
        var settings = smtp.Settings;
        settings["Email:ServerCertificateThumbprint"] = string.Join(':', other.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).Chunk(2).Select(c => new string(c)));
        await using var csm = await CsmFixture.StartAsync(settings);
        var id = await QueueAsync(csm, Mail("a@example.com"));

        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(0, 0, 1, 0)));
        Assert.That((await MessageAsync(csm, id, "queued"))["lastError"]!.GetValue<string>(),
            Does.Contain("is not trusted").And.Contain("not the one Email:ServerCertificateThumbprint names"));
        Assert.That(smtp.Received, Is.Empty);
    }
}

using System.Diagnostics;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Outbound;
using MailKit.Net.Smtp;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Csm.Tests.Host;

/// <summary>
/// Messages per second to a local SMTP server, from one host and from two on one database file, beside the ceiling: the
/// same server fed by MailKit alone in the same run. And the time from a rule firing to its e-mail at the server.
/// Explicit: run it on purpose (dotnet cake --target=Bench), on a quiet machine.
/// </summary>
[Explicit("benchmark")]
[Category("Benchmark")]
[NonParallelizable]
public sealed class OutboundBenchmark
{
    private const int Messages = 3_000;

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static async Task QueueAsync(CsmFixture csm, int count)
    {
        await using var scope = csm.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync();
        await scope.ServiceProvider.GetRequiredService<OutboundQueue>().QueueAllAsync(Enumerable.Range(1, count)
            .Select(i => new OutboundMessage("bench", $"case:{i}", "benchMail", OutboundChannels.Email, $"c{i}@example.com", $"合同到期提醒 {i}",
                "尊敬的客户：您的合同将于 20 天后到期。")).ToList());
        await session.CommitAsync();
    }

    /// <summary>The ceiling: MailKit alone, one connection, the same kind of message, the same server.</summary>
    private static async Task<double> CeilingAsync(SmtpTestServer smtp, int count)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", smtp.Port, MailKit.Security.SecureSocketOptions.None);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var m = new MimeMessage { Subject = $"合同到期提醒 {i}" };
            m.From.Add(MailboxAddress.Parse("客户服务 <service@csm.test>"));
            m.To.Add(MailboxAddress.Parse($"c{i}@example.com"));
            m.Body = new BodyBuilder { TextBody = "尊敬的客户：您的合同将于 20 天后到期。", HtmlBody = "<p>尊敬的客户：您的合同将于 20 天后到期。</p>" }.ToMessageBody();
            await client.SendAsync(m);
        }
        var rate = count / watch.Elapsed.TotalSeconds;
        await client.DisconnectAsync(true);
        return rate;
    }

    [Test]
    public async Task Messages_per_second_from_one_host_and_from_two_beside_the_servers_ceiling()
    {
        await using var smtp = new SmtpTestServer();
        var ceiling = await CeilingAsync(smtp, Messages);

        await using var one = await CsmFixture.StartAsync(smtp.Settings);
        await QueueAsync(one, Messages);
        var before = smtp.Received.Count;
        var watch = Stopwatch.StartNew();
        var single = await one.Service<OutboundSender>().SendDueAsync();
        var oneHost = single.Sent / watch.Elapsed.TotalSeconds;
        Assert.That((single.Sent, smtp.Received.Count - before), Is.EqualTo((Messages, Messages)));

        await using var two = await CsmFixture.StartAsync(smtp.Settings, clock: one.Clock, databaseFile: one.DatabaseFile);
        await QueueAsync(one, Messages);
        before = smtp.Received.Count;
        watch.Restart();
        var both = await Task.WhenAll(new[] { one, two }.Select(h => Task.Run(() => h.Service<OutboundSender>().SendDueAsync())));
        var twoHosts = both.Sum(o => o.Sent) / watch.Elapsed.TotalSeconds;
        Assert.That((both.Sum(o => o.Sent), smtp.Received.Count - before), Is.EqualTo((Messages, Messages)));

        TestContext.Out.WriteLine($"outbound, {Messages} e-mails each, {Environment.ProcessorCount} cores, load {Load()}:");
        TestContext.Out.WriteLine($"  ceiling (MailKit alone, one connection): {ceiling:N0} messages/s");
        TestContext.Out.WriteLine($"  one host:  {oneHost:N0} messages/s");
        TestContext.Out.WriteLine($"  two hosts: {twoHosts:N0} messages/s ({string.Join(" + ", both.Select(o => o.Sent))})");
    }

    [Test]
    public async Task Time_from_a_rule_firing_to_its_email_at_the_server()
    {
        const int firings = 200;
        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>(smtp.Settings)
        {
            ["Outbound:AutoSend"] = "true", ["Outbound:PollInterval"] = "00:00:02",
        });
        await OutboundTests.WelcomeVipsAsync(csm);

        var latencies = new List<double>();
        for (var i = 1; i <= firings; i++)
        {
            var before = smtp.Received.Count;
            var watch = Stopwatch.StartNew();
            // Customers publishes the event; the outbox delivers it to Rules, the rule fires and queues the e-mail, its commit wakes the sender.
            await csm.PublishAsync(OutboundTests.Vip(i, $"客户 {i}", $"c{i}@example.com"));
            while (smtp.Received.Count == before && watch.Elapsed < TimeSpan.FromSeconds(10)) await Task.Delay(1);
            Assert.That(smtp.Received.Count, Is.EqualTo(before + 1), $"firing {i} reached the server");
            latencies.Add(watch.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        double At(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(q * latencies.Count) - 1)];
        TestContext.Out.WriteLine($"rule firing → e-mail at the SMTP server, {firings} firings, {Environment.ProcessorCount} cores, load {Load()}: " +
            $"p50 {At(0.50):0.0} ms, p99 {At(0.99):0.0} ms, max {latencies[^1]:0.0} ms");
    }
}

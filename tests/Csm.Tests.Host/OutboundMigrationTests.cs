using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Outbound;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Csm.Tests.Host;

/// <summary>Rules and Surveys once had outbound tables of their own; their migrations 0005 move what still waited into out_messages.</summary>
[NonParallelizable]
public sealed class OutboundMigrationTests
{
    [Test]
    public async Task Messages_still_waiting_in_the_old_module_tables_move_to_the_one_queue_and_are_then_sent()
    {
        CsmFixture.OnlyOn(DatabaseProvider.Sqlite, "seeds the SQLite schema as it was before migration 0005");
        var file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid() + ".db");
        var db = new Db(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = file }));
        var runner = new MigrationRunner(db, NullLogger<MigrationRunner>.Instance);
        var sources = MigrationTests.Sources();
        await runner.RunAsync(sources, only: m => m.Module is not ("Rules" or "Surveys") || m.Version < 5);
        await using (var c = await db.OpenAsync())
        {
            await c.ExecuteAsync(
                """
                INSERT INTO rul_outbound_messages (firing_id, channel, recipient, subject, body, status, attempts, next_attempt_at, last_error, created_at)
                VALUES (7, 'email', 'wang.fang@example.com', '合同即将到期', '王女士您好，合同将于 30 天后到期。', 'pending', 2, '2020-01-01T00:00:00.000Z', '451 try later', '2020-01-01T00:00:00.000Z'),
                       (8, 'email', 'done@example.com', 'Sent long ago', 'Old', 'sent', 1, '2020-01-01T00:00:00.000Z', NULL, '2020-01-01T00:00:00.000Z');
                INSERT INTO srv_surveys (id, name, touchpoint, current_version, revision, created_at, updated_at)
                VALUES (1, 'CSAT', 'ticketClosed', 1, 1, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z');
                INSERT INTO srv_invitations (id, survey_id, channel, language, status, send_at, expires_at, created_at)
                VALUES (1, 1, 'email', 'en', 'queued', '2020-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z'),
                       (2, 1, 'email', 'en', 'sent', '2020-01-01T00:00:00.000Z', '2099-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z');
                INSERT INTO srv_outbound_messages (invitation_id, channel, recipient, subject, body, due_at, attempts, created_at, sent_at)
                VALUES (1, 'email', 'alice@example.com', 'How did we do?', 'Hello Alice, https://csm.test/s/abc', '2020-01-01T00:00:00.000Z', 0, '2020-01-01T00:00:00.000Z', NULL),
                       (2, 'email', 'bob@example.com', 'How did we do?', 'Hello Bob', '2020-01-01T00:00:00.000Z', 1, '2020-01-01T00:00:00.000Z', '2020-01-01T00:00:00.000Z');
                """);
        }
        await runner.RunAsync(sources);

        await using (var c = await db.OpenAsync())
        {
            Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sqlite_master WHERE name IN ('rul_outbound_messages', 'srv_outbound_messages')"), Is.Zero);
            var moved = (await c.QueryAsync<(string Module, string Key, string Kind, string Recipient, string Subject, string Body, string Status, long Attempts)>(
                "SELECT module, business_key, kind, recipient, subject, body_text, status, attempts FROM out_messages ORDER BY module")).ToList();
            Assert.That(moved, Is.EqualTo(new[]
            {
                ("rules", "firing:7", "ruleEmail", "wang.fang@example.com", "合同即将到期", "王女士您好，合同将于 30 天后到期。", "queued", 2L),
                ("surveys", "invitation:1", "surveyInvitation", "alice@example.com", "How did we do?", "Hello Alice, https://csm.test/s/abc", "queued", 0L),
            }), "only what still waited, as it was");
        }

        await using var smtp = new SmtpTestServer();
        await using var csm = await CsmFixture.StartAsync(smtp.Settings, databaseFile: file);
        Assert.That(await csm.SendOutboundAsync(), Is.EqualTo(new OutboundSender.Outcome(2, 0, 0, 0)));
        Assert.That(smtp.Received.Select(m => (m.To.Single(), m.Message.Subject)).Order(),
            Is.EqualTo(new[] { ("alice@example.com", "How did we do?"), ("wang.fang@example.com", "合同即将到期") }));
        await using var after = await db.OpenAsync();
        Assert.That(await after.QueryAsync<string>("SELECT status FROM srv_invitations ORDER BY id"), Is.EqualTo(new[] { "sent", "sent" }),
            "the invitation hears that its message went");
    }
}

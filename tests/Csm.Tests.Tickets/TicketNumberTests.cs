using Csm.BuildingBlocks.Data;
using Dapper;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

public sealed class TicketNumberTests
{
    [Test]
    public async Task Opening_a_ticket_writes_its_row_once_with_its_number_and_due_times()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);
        await RecordTicketWritesAsync(csm);

        var ticket = await OpenAsync(csm.Admin, 7);

        var writes = await TicketWritesAsync(csm);
        Assert.That(writes.Select(w => w.Kind), Is.EqualTo(new[] { "insert" }), "one INSERT, no UPDATE after it");
        Assert.That(writes[0].Number, Is.EqualTo(ticket["number"]!.GetValue<string>()).And.Match(@"^TK-2026-\d{6}$"));
        Assert.That(writes[0].NextDueAt, Is.EqualTo(ticket["nextDueAt"]!.GetValue<DateTimeOffset>()));
    }

    [Test]
    public async Task Tickets_opened_at_the_same_time_get_unique_consecutive_numbers()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);

        var tickets = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => OpenAsync(csm.Admin, 7, subject: $"Printer {i} does not start"))));

        var numbers = tickets.Select(t => t["number"]!.GetValue<string>()).ToList();
        Assert.That(numbers, Is.Unique);
        Assert.That(numbers, Has.All.Match(@"^TK-2026-\d{6}$"));
        var serials = numbers.Select(n => long.Parse(n["TK-2026-".Length..])).Order().ToList();
        Assert.That(serials, Is.EqualTo(Enumerable.Range(0, serials.Count).Select(i => serials[0] + i)));
    }

    private sealed record TicketWrite
    {
        public string Kind { get; init; } = "";
        public string? Number { get; init; }
        public DateTimeOffset? NextDueAt { get; init; }
    }

    /// <summary>Triggers record every INSERT and UPDATE of a ticket row, with the values the row had after it.</summary>
    private static async Task RecordTicketWritesAsync(CsmFixture csm)
    {
        var db = csm.Service<Db>();
        // SQL Server refuses a trigger on a table that an INSERT ... OUTPUT (without INTO) writes, as opening a ticket does.
        if (db.Dialect.Provider != DatabaseProvider.Sqlite) Assert.Ignore("Counts the writes with SQLite triggers.");
        await using var c = await db.OpenAsync();
        await c.ExecuteAsync("""
            CREATE TABLE test_ticket_writes (seq INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, number TEXT NULL, next_due_at TEXT NULL);
            CREATE TRIGGER test_ticket_inserts AFTER INSERT ON tkt_tickets
            BEGIN INSERT INTO test_ticket_writes (kind, number, next_due_at) VALUES ('insert', NEW.number, NEW.next_due_at); END;
            CREATE TRIGGER test_ticket_updates AFTER UPDATE ON tkt_tickets
            BEGIN INSERT INTO test_ticket_writes (kind, number, next_due_at) VALUES ('update', NEW.number, NEW.next_due_at); END;
            """);
    }

    private static async Task<List<TicketWrite>> TicketWritesAsync(CsmFixture csm)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return (await c.QueryAsync<TicketWrite>("SELECT kind AS Kind, number AS Number, next_due_at AS NextDueAt FROM test_ticket_writes ORDER BY seq")).ToList();
    }
}

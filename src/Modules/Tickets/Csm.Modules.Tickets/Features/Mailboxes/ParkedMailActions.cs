using Csm.Modules.Tickets.Mail;

namespace Csm.Modules.Tickets.Features.Mailboxes;

/// <summary>A parked message of a mailbox, or the problem that says why it cannot be acted on (404 unknown, 409 not parked).</summary>
internal static class ParkedMail
{
    public sealed record Record(long Id, string MessageKey, string Outcome, string? Reason, string? Sender, string? Subject);

    public static async Task<(MailboxStore.Row? Mailbox, Record? Parked, ProblemHttpResult? Problem)> FindAsync(
        DbSession session, long mailboxId, long recordId, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        if (await MailboxStore.ByIdAsync(c, mailboxId, session.Transaction) is not { } mailbox) return (null, null, Problems.NotFound("Mailbox", mailboxId));
        var record = await c.QueryFirstOrDefaultAsync<Record>(
            "SELECT id, message_key AS MessageKey, outcome, reason, sender, subject FROM tkt_inbound_mail WHERE id = @Id AND source = @Source",
            new { Id = recordId, Source = mailbox.Source }, session.Transaction);
        if (record is null) return (mailbox, null, Problems.NotFound("Parked message", recordId));
        if (record.Outcome != EnumText.Of(MailOutcome.Parked))
            return (mailbox, null, Problems.Conflict($"Message {recordId} is not parked: it was {record.Outcome}."));
        return (mailbox, record, null);
    }
}

/// <summary>
/// Takes a parked message again from the mailbox's server, after an admin fixed what stopped it (the ticket type, the
/// mailbox's settings) or to see whether it reads now: it goes through e-mail to ticket as if new, and answers what became
/// of it; still unreadable, it stays parked with the new reason. Its record is set aside while it is taken, and put back
/// when the server cannot be reached or no longer holds the message (409), so nothing is lost either way.
/// </summary>
internal sealed class RetryParkedMail(DbSession session, MailboxPoller poller, AuditTrail audit) : EndpointWithoutRequest<Results<Ok<RetryParkedMail.Answer>, ProblemHttpResult>>
{
    /// <param name="Outcome">ticket, reply, ignored or parked (again, with Reason).</param>
    public sealed record Answer(string Outcome, long? TicketId, string? Number, string? Reason);

    public override void Configure()
    {
        Post("mailboxes/{id:long}/parked/{recordId:long}/retry");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_RetryParkedMail")
            .WithSummary("Takes a parked message again from the mailbox's server; answers what became of it. 404 unknown, 409 not parked or no longer on the server, 503 server unreachable")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable));
    }

    public override async Task<Results<Ok<Answer>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var (mailboxId, recordId) = (Route<long>("id"), Route<long>("recordId"));
        var tx = await session.BeginAsync(ct);
        var (mailbox, parked, problem) = await ParkedMail.FindAsync(session, mailboxId, recordId, ct);
        if (problem is not null) return problem;
        var c = await session.ConnectionAsync(ct);
        // Set aside under a key of its own, so the message is not "already taken" while it is taken again.
        var aside = $"retrying:{recordId}";
        await c.ExecuteAsync("UPDATE tkt_inbound_mail SET message_key = @Aside WHERE id = @Id", new { Aside = aside, Id = recordId }, tx);
        await session.CommitAsync(ct);

        MailResult? result;
        try
        {
            result = await poller.RetakeAsync(mailbox!, parked!.MessageKey, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            await PutBackAsync();
            return TypedResults.Problem(MailboxPoller.Describe(mailbox!, e), statusCode: StatusCodes.Status503ServiceUnavailable, title: "The mail server could not be reached");
        }
        if (result is null)
        {
            await PutBackAsync();
            return Problems.Conflict(parked.MessageKey.StartsWith("sha256:", StringComparison.Ordinal)
                ? $"Message {recordId} has no Message-ID, so it cannot be found on the server again; discard it once you have read it there."
                : $"The folder '{mailbox!.Folder}' no longer holds message {recordId} ({parked.MessageKey}); discard it if it is gone for good.");
        }
        await session.BeginAsync(ct);
        await c.ExecuteAsync("DELETE FROM tkt_inbound_mail WHERE id = @Id", new { Id = recordId }, session.Transaction);
        await audit.RecordAsync("tickets", "mailbox.parkedRetried", "mailbox", mailboxId,
            new { Message = recordId, parked.MessageKey, parked.Reason }, new { Outcome = EnumText.Of(result.Outcome), result.TicketId, result.Reason }, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(new Answer(EnumText.Of(result.Outcome), result.TicketId, result.Number, result.Reason));

        async Task PutBackAsync()
        {
            await session.BeginAsync(CancellationToken.None);
            await c.ExecuteAsync("UPDATE tkt_inbound_mail SET message_key = @Key WHERE id = @Id", new { Key = parked!.MessageKey, Id = recordId }, session.Transaction);
            await session.CommitAsync(CancellationToken.None);
        }
    }
}

/// <summary>Lets a parked message go: out of the list, its record kept as discarded (so it is never taken again), audited.</summary>
internal sealed class DiscardParkedMail(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("mailboxes/{id:long}/parked/{recordId:long}/discard");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_DiscardParkedMail")
            .WithSummary("Discards a parked message: out of the list, never taken again. 404 unknown, 409 not parked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var (mailboxId, recordId) = (Route<long>("id"), Route<long>("recordId"));
        var tx = await session.BeginAsync(ct);
        var (_, parked, problem) = await ParkedMail.FindAsync(session, mailboxId, recordId, ct);
        if (problem is not null) return problem;
        await (await session.ConnectionAsync(ct)).ExecuteAsync("UPDATE tkt_inbound_mail SET outcome = @Outcome WHERE id = @Id",
            new { Outcome = EnumText.Of(MailOutcome.Discarded), Id = recordId }, tx);
        await audit.RecordAsync("tickets", "mailbox.parkedDiscarded", "mailbox", mailboxId,
            new { Message = recordId, parked!.MessageKey, parked.Sender, parked.Subject, parked.Reason }, null, ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

/// <summary>
/// Deletes a mailbox: it is no longer polled, and no longer watched after the watcher's next look (seconds). The tickets
/// it opened keep their messages and the record of every message it took stays, for the history. Audited with its
/// settings, never its secret.
/// </summary>
internal sealed class DeleteMailbox(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("mailboxes/{id:long}");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_DeleteMailbox")
            .WithSummary("Deletes a mailbox: no longer polled; its tickets and message records stay")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await MailboxStore.ByIdAsync(c, id, tx) is not { } mailbox) return Problems.NotFound("Mailbox", id);
        await c.ExecuteAsync("DELETE FROM tkt_mailboxes WHERE id = @Id", new { Id = id }, tx);
        await audit.RecordAsync("tickets", "mailbox.deleted", "mailbox", id, mailbox.View(), null, ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

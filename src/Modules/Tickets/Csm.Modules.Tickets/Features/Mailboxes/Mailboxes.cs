using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Features.TicketTypes;
using Csm.Modules.Tickets.Mail;

namespace Csm.Modules.Tickets.Features.Mailboxes;

/// <summary>What an admin sets for a mailbox; the secret is written, never read back.</summary>
internal interface IMailboxInput
{
    string Name { get; }
    string Host { get; }
    int Port { get; }
    MailboxTls Tls { get; }
    string UserName { get; }
    string? Secret { get; }
    string? Folder { get; }
    string TicketType { get; }
}

internal class MailboxValidator<T> : Validator<T> where T : IMailboxInput
{
    public MailboxValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
        RuleFor(r => r.Host).NotEmpty().MaximumLength(255).Matches(@"^[A-Za-z0-9.\-:\[\]]+$").WithMessage("A host name or an IP address, without a scheme or a path.");
        RuleFor(r => r.Port).InclusiveBetween(1, 65535);
        RuleFor(r => r.Tls).IsInEnum();
        RuleFor(r => r.UserName).NotEmpty().MaximumLength(320);
        RuleFor(r => r.Secret).MaximumLength(1000);
        RuleFor(r => r.Folder).MaximumLength(255);
        RuleFor(r => r.TicketType).NotEmpty().MaximumLength(50);
    }
}

/// <summary>Writes a mailbox's settings; a ticket type that cannot take tickets is refused naming the field.</summary>
internal static class MailboxWrite
{
    public static async Task<ValidationProblem?> RefusedAsync(DbSession session, IMailboxInput request, CancellationToken ct) =>
        await TicketTypeView.ByCodeAsync(await session.ConnectionAsync(ct), request.TicketType, null) is { IsActive: true }
            ? null
            : Problems.Invalid("ticketType", $"There is no active ticket type '{request.TicketType}'.");

    public static string FolderOf(IMailboxInput request) => string.IsNullOrWhiteSpace(request.Folder) ? "INBOX" : request.Folder.Trim();
}

internal sealed class ListMailboxes(DbSession session, MailboxWatcher watcher) : EndpointWithoutRequest<Ok<Paged<MailboxView>>>
{
    public override void Configure()
    {
        Get("mailboxes");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_ListMailboxes")
            .WithSummary("Lists the mailboxes Csm polls for e-mail to tickets, with how each last poll ended and whether new mail is taken as it arrives (IMAP IDLE), never their secrets"));
    }

    public override async Task<Ok<Paged<MailboxView>>> ExecuteAsync(CancellationToken ct)
    {
        var rows = (await MailboxStore.AllAsync(await session.ConnectionAsync(ct))).Select(r => r.View() with { Idle = watcher.IsIdling(r.Id) }).ToList();
        return TypedResults.Ok(new Paged<MailboxView>(rows, rows.Count, 1, Math.Max(1, rows.Count)));
    }
}

internal sealed class CreateMailbox(DbSession session, MailboxSecrets secrets, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateMailbox.Request, Results<Created<MailboxView>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Secret">The password or app token: stored protected, never shown again.</param>
    /// <param name="Folder">INBOX when not given.</param>
    public sealed record Request(string Name, string Host, int Port, MailboxTls Tls, string UserName, string? Secret, string? Folder, string TicketType,
        bool IsEnabled = true) : IMailboxInput;

    internal sealed class Validator : MailboxValidator<Request>
    {
        public Validator() => RuleFor(r => r.Secret).NotEmpty();
    }

    public override void Configure()
    {
        Post("mailboxes");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_CreateMailbox")
            .WithSummary("Adds an IMAP mailbox whose new messages become tickets or customer replies")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<MailboxView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        if (await MailboxWrite.RefusedAsync(session, request, ct) is { } refused) return refused;
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        try
        {
            var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_mailboxes",
                    "name, host, port, tls, user_name, secret, folder, ticket_type, is_enabled, version, created_at, updated_at",
                    "@Name, @Host, @Port, @Tls, @UserName, @Secret, @Folder, @TicketType, @IsEnabled, 1, @Now, @Now"),
                new
                {
                    Name = request.Name.Trim(), Host = request.Host.Trim(), request.Port, Tls = EnumText.Of(request.Tls), UserName = request.UserName.Trim(),
                    Secret = secrets.Protect(request.Secret!), Folder = MailboxWrite.FolderOf(request), request.TicketType, request.IsEnabled, Now = clock.GetUtcNow(),
                }, tx);
            var view = (await MailboxStore.ByIdAsync(c, id, tx))!.View();
            await audit.RecordAsync("tickets", "mailbox.created", "mailbox", id, after: view, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/mailboxes/{id}", view);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            await session.RollbackAsync(ct);
            return Problems.Conflict($"A mailbox named '{request.Name.Trim()}' already exists.");
        }
    }
}

internal sealed class UpdateMailbox(DbSession session, MailboxSecrets secrets, AuditTrail audit, TimeProvider clock)
    : Endpoint<UpdateMailbox.Request, Results<Ok<MailboxView>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Secret">A new secret, or null to keep the stored one.</param>
    public sealed record Request(string Name, string Host, int Port, MailboxTls Tls, string UserName, string? Secret, string? Folder, string TicketType,
        bool IsEnabled, long Version) : IMailboxInput;

    internal sealed class Validator : MailboxValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("mailboxes/{id:long}");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_UpdateMailbox")
            .WithSummary("Changes a mailbox's settings; a null secret keeps the stored one")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<MailboxView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await MailboxWrite.RefusedAsync(session, request, ct) is { } refused) return refused;
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await MailboxStore.ByIdAsync(c, id, tx) is not { } current)
        {
            await session.RollbackAsync(ct);
            return Problems.NotFound("Mailbox", id);
        }
        // Another server or account is another mailbox: where the last poll got to means nothing there.
        var moved = current.Host != request.Host.Trim() || current.UserName != request.UserName.Trim() || current.Folder != MailboxWrite.FolderOf(request);
        try
        {
            var changed = await c.ExecuteAsync(
                $"""
                UPDATE tkt_mailboxes SET name = @Name, host = @Host, port = @Port, tls = @Tls, user_name = @UserName,
                  {(string.IsNullOrEmpty(request.Secret) ? "" : "secret = @Secret,")} folder = @Folder, ticket_type = @TicketType, is_enabled = @IsEnabled,
                  {(moved ? "uid_validity = NULL, last_uid = NULL," : "")} version = version + 1, updated_at = @Now
                WHERE id = @Id AND version = @Version
                """,
                new
                {
                    Id = id, request.Version, Name = request.Name.Trim(), Host = request.Host.Trim(), request.Port, Tls = EnumText.Of(request.Tls),
                    UserName = request.UserName.Trim(), Secret = string.IsNullOrEmpty(request.Secret) ? null : secrets.Protect(request.Secret),
                    Folder = MailboxWrite.FolderOf(request), request.TicketType, request.IsEnabled, Now = clock.GetUtcNow(),
                }, tx);
            if (changed == 0)
            {
                await session.RollbackAsync(ct);
                return Problems.StaleVersion(request.Version, current.Version);
            }
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            await session.RollbackAsync(ct);
            return Problems.Conflict($"A mailbox named '{request.Name.Trim()}' already exists.");
        }
        var view = (await MailboxStore.ByIdAsync(c, id, tx))!.View();
        await audit.RecordAsync("tickets", "mailbox.updated", "mailbox", id, current.View(), view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}

internal sealed class TestMailbox(DbSession session, MailboxPoller poller) : EndpointWithoutRequest<Results<Ok<TestMailbox.Answer>, ProblemHttpResult>>
{
    /// <param name="Ok">Signed in and opened the folder.</param>
    /// <param name="Detail">What the server said: the folder's size, or why it refused.</param>
    public sealed record Answer(bool Ok, string Detail, int? Messages, long? UidValidity, IReadOnlyList<string> Capabilities);

    public override void Configure()
    {
        Post("mailboxes/{id:long}/test");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_TestMailbox")
            .WithSummary("Connects to the mailbox's server, signs in and opens its folder; answers what the server said")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Answer>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        if (await MailboxStore.ByIdAsync(await session.ConnectionAsync(ct), id) is not { } mailbox) return Problems.NotFound("Mailbox", id);
        try
        {
            using var client = await poller.ConnectAsync(mailbox, ct);
            var folder = await client.GetFolderAsync(mailbox.Folder, ct);
            await folder.OpenAsync(MailKit.FolderAccess.ReadOnly, ct);
            var capabilities = client.Capabilities.ToString().Split(", ", StringSplitOptions.RemoveEmptyEntries);
            var answer = new Answer(true, $"Signed in as '{mailbox.UserName}'; {folder.FullName} has {folder.Count} messages.", folder.Count, folder.UidValidity,
                capabilities);
            await client.DisconnectAsync(true, ct);
            return TypedResults.Ok(answer);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return TypedResults.Ok(new Answer(false, MailboxPoller.Describe(mailbox, e), null, null, []));
        }
    }
}

internal sealed class ListParkedMail(DbSession session) : Endpoint<PageQuery, Results<Ok<Paged<ListParkedMail.ParkedMail>>, ProblemHttpResult>>
{
    /// <param name="Reason">Why it could not be taken.</param>
    public sealed record ParkedMail
    {
        public long Id { get; init; }
        public string MessageKey { get; init; } = "";
        public string? Sender { get; init; }
        public string? Subject { get; init; }
        public string Reason { get; init; } = "";
        public DateTimeOffset ReceivedAt { get; init; }
    }

    public override void Configure()
    {
        Get("mailboxes/{id:long}/parked");
        Group<TicketsGroup>();
        Policies(Access.Admin);
        Description(d => d.WithName("Tickets_ListParkedMail")
            .WithSummary("Lists the messages of a mailbox that could not be taken (unreadable, no sender), newest first, with why")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Paged<ParkedMail>>, ProblemHttpResult>> ExecuteAsync(PageQuery query, CancellationToken ct)
    {
        var id = Route<long>("id");
        var paging = PageRequest.From(query.Page, query.PageSize);
        var c = await session.ConnectionAsync(ct);
        if (await MailboxStore.ByIdAsync(c, id) is null) return Problems.NotFound("Mailbox", id);
        var p = new { Source = Sources.Mailbox(id), Outcome = EnumText.Of(MailOutcome.Parked), paging.Offset, Limit = paging.PageSize };
        var total = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM tkt_inbound_mail WHERE source = @Source AND outcome = @Outcome", p);
        var items = await c.QueryAsync<ParkedMail>(
            $"""
            SELECT id, message_key AS MessageKey, sender, subject, reason, received_at AS ReceivedAt
            FROM tkt_inbound_mail WHERE source = @Source AND outcome = @Outcome ORDER BY id DESC {session.Dialect.Page}
            """, p);
        return TypedResults.Ok(new Paged<ParkedMail>(items.ToList(), total, paging.Page, paging.PageSize));
    }
}

using System.Data.Common;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Messaging;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Features.TicketTypes;
using Csm.Modules.Tickets.Events;
using Csm.Modules.Tickets.Notifications;
using Csm.Modules.Tickets.Sla;
using Csm.Modules.Tickets.Workflows;
using MediatR;

namespace Csm.Modules.Tickets.Data;

/// <param name="DueInBusinessHours">Overrides the SLA's resolution target, e.g. for a follow-up task due in 48 business hours.</param>
/// <param name="Source">What raised the ticket when not a person; one ticket per source.</param>
internal sealed record NewTicket(
    long CustomerId, string TypeCode, TicketChannel Channel, TicketPriority? Priority, string? Category, string Subject,
    string? Description, AssignmentRequest? Assignment, string? Source = null, double? DueInBusinessHours = null, bool Acknowledge = true,
    string? Queue = null, IReadOnlyDictionary<string, string>? Fields = null, IReadOnlyList<string>? Tags = null);

/// <summary>Opens tickets for the API and for other modules' events, in the session's open transaction.</summary>
internal sealed class TicketOpener(
    DbSession session, Outbox outbox, Notifications.CustomerMessages toCustomer, MessageTemplates templates, SlaPlanner planner, IStaffDirectory staff, IMediator mediator, TimeProvider clock)
{
    public sealed record Result(TicketRow? Ticket, string? Field, string? Error, bool Existed = false);

    public async Task<Result> OpenAsync(NewTicket n, string? actor, CancellationToken ct)
    {
        var tx = session.Transaction ?? throw new InvalidOperationException("Open a ticket inside a transaction.");
        var c = await session.ConnectionAsync(ct);
        if (n.Source is not null && await c.ExecuteScalarAsync<long?>("SELECT id FROM tkt_tickets WHERE source = @Source", new { n.Source }, tx) is { } existing)
            return new Result(await TicketStore.ByIdAsync(c, existing, tx), null, null, Existed: true);

        var type = await TicketTypeView.ByCodeAsync(c, n.TypeCode, tx);
        if (type is null || !type.IsActive) return new Result(null, "typeCode", $"There is no active ticket type '{n.TypeCode}'.");
        // A task may be about no customer (an improvement action): it has the standard tier's terms and no account manager.
        var customer = n.CustomerId == TicketsContracts.NoCustomer && type.Kind == TicketKind.Task
            ? new KnownCustomer { CustomerId = TicketsContracts.NoCustomer, Tier = "standard" }
            : await CustomerReadModel.FindAsync(c, n.CustomerId, tx);
        if (customer is null) return new Result(null, "customerId", $"Customer {n.CustomerId} is not known.");
        if (customer.IsErased) return new Result(null, "customerId", $"Customer {n.CustomerId} was erased; no new tickets can be opened for them.");
        var workflow = await WorkflowStore.CurrentAsync(c, type.WorkflowCode, tx)
            ?? throw new InvalidOperationException($"Ticket type {type.Code} refers to a missing workflow {type.WorkflowCode}.");
        var start = workflow.Parsed.Start;
        // The type's own fields and any a stage of its workflow names, each value of its kind; the required ones present.
        var (fields, fieldError) = await IntakeFieldsAsync(c, tx, type, workflow.Parsed, n);
        if (fieldError is { } bad) return new Result(null, bad.Field, bad.Error);
        var (tags, tagError) = TicketFields.Normalise(n.Tags);
        if (tagError is not null) return new Result(null, "tags", tagError);

        var assignment = n.Assignment ?? ((type.Kind == TicketKind.Task || start.GoesToAccountManager) && customer.AccountManager is not null
            ? new AssignmentRequest(AssignmentMode.AccountManager, null, null) : null);
        // Without a person, the ticket waits in its team's queue (when one is named).
        var owner = new Owner(null, n.Queue);
        if (assignment is not null)
        {
            var (resolved, field, error) = await Assignment.ResolveAsync(staff, c, tx, assignment, n.CustomerId);
            if (resolved is null) return new Result(null, field, error);
            owner = resolved;
        }

        var priority = n.Priority ?? type.DefaultPriority;
        var terms = await planner.TermsAsync(type.Code, priority, customer.Tier, ct);
        var now = clock.GetUtcNow();
        var draft = new TicketRow
        {
            TypeCode = type.Code, Kind = type.Kind, WorkflowId = workflow.Id, Stage = start.Code, Status = TicketStatus.Open,
            CustomerId = n.CustomerId, CustomerTier = customer.Tier, Channel = n.Channel, Priority = priority, Category = n.Category,
            Subject = n.Subject, Description = n.Description, Assignee = owner.Assignee, Team = owner.Team, Source = n.Source,
            SlaPolicyId = terms.PolicyId, CalendarId = terms.CalendarId, AtRiskShare = terms.AtRiskShare,
            // A task is an internal to-do: nobody waits for a first reply.
            FirstResponseMinutes = type.Kind == TicketKind.Task ? null : terms.FirstResponseMinutes,
            ResolutionMinutes = n.DueInBusinessHours is { } hours ? (long)Math.Round(hours * 60) : terms.ResolutionMinutes,
            CreatedBy = actor, CreatedAt = now, UpdatedAt = now, StageEnteredAt = now, Version = 1,
        };
        var due = SlaPlanner.Compute(await planner.CalendarAsync(terms.CalendarId, ct), draft, start.TimeLimitMinutes);
        var number = $"TK-{now.Year}-{await NextSerialAsync(c, tx):D6}";
        var values = new DynamicParameters(due);
        values.AddDynamicParams(new
        {
            Number = number, draft.TypeCode, Kind = EnumText.Of(draft.Kind), draft.WorkflowId, draft.Stage, draft.Status, draft.CustomerId,
            draft.CustomerTier, Channel = EnumText.Of(draft.Channel), Priority = EnumText.Of(draft.Priority), draft.Category, draft.Subject,
            draft.Description, draft.Assignee, draft.Team, draft.Source, draft.SlaPolicyId, draft.CalendarId, draft.FirstResponseMinutes,
            draft.ResolutionMinutes, draft.AtRiskShare, draft.CreatedBy, draft.CreatedAt, draft.UpdatedAt, draft.StageEnteredAt,
            Fields = TicketChanges.FieldsJson(fields),
        });
        var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_tickets",
            $"""
            number, type_code, kind, workflow_id, stage, status, customer_id, customer_tier, channel, priority, category, subject, description,
            assignee, team, source, fields, sla_policy_id, calendar_id, first_response_minutes, resolution_minutes, at_risk_share,
            {SlaPlanner.DueColumnNames},
            created_by, created_at, updated_at, stage_entered_at, paused_minutes, reopen_count, version
            """,
            $$"""
            @Number, @TypeCode, @Kind, @WorkflowId, @Stage, @Status, @CustomerId, @CustomerTier, @Channel, @Priority, @Category, @Subject, @Description,
            @Assignee, @Team, @Source, @Fields, @SlaPolicyId, @CalendarId, @FirstResponseMinutes, @ResolutionMinutes, @AtRiskShare,
            {{SlaPlanner.DueValues}},
            @CreatedBy, @CreatedAt, @UpdatedAt, @StageEnteredAt, 0, 0, 1
            """), values, tx);
        if (tags.Count > 0) await TicketFields.SaveTagsAsync(c, tx, id, tags);
        if (tags.Count > 0 || fields.Count > 0) await outbox.AddAsync(await TicketFields.LabelsAsync(c, tx, id), ct);
        await TicketStore.AddHistoryAsync(c, tx, id, now, actor, "created",
            new { type = type.Code, stage = start.Code, assignee = owner.Assignee, team = owner.Team, n.Source, tags = tags.Count > 0 ? tags : null });
        await outbox.AddAsync(new TicketCreated(id, number, n.CustomerId, type.Code, type.Kind, n.Channel, priority, n.Subject,
            owner.Assignee, owner.Team, start.Code, now, due.ResolutionDueAt, n.Source), ct);
        // The customer hears that their request is in, with its number: the first message of the ticket's thread.
        if (type.Kind != TicketKind.Task && n.Acknowledge)
            await toCustomer.QueueAsync(await TicketMail.ComposeAsync(templates, TicketMail.Acknowledgement, id, number, n.Subject, customer, null, null, ct), ct);
        return new Result(await TicketStore.ByIdAsync(c, id, tx), null, null);
    }

    private static async Task<(Dictionary<string, string> Fields, (string Field, string Error)? Error)> IntakeFieldsAsync(
        DbConnection c, DbTransaction tx, TicketTypeView type, WorkflowDefinition workflow, NewTicket n)
    {
        var rules = new TicketFieldRules(type.Fields, workflow.Fields(), c, tx, n.CustomerId);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, raw) in n.Fields ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(raw)) continue;
            var value = raw.Trim();
            if (!rules.Knows(key))
            {
                var known = rules.Keys;
                return (fields, ($"fields.{key}", $"Ticket type '{type.Code}' has no field '{key}'{(known.Count > 0 ? "; its fields are: " + string.Join(", ", known) : "")}."));
            }
            if (await rules.ProblemAsync(key, value) is { } wrong) return (fields, ($"fields.{key}", wrong));
            fields[key] = value;
        }
        var missing = type.Fields.FirstOrDefault(f => f.RequiredAtIntake && !fields.ContainsKey(f.Key));
        return missing is null ? (fields, null) : (fields, ($"fields.{missing.Key}", $"'{missing.Label}' is required to open a {type.Code} ticket."));
    }

    /// <summary>
    /// The next ticket number's serial. On SQLite updating the counter row, which the write turn already gives openers one at
    /// a time: unique, and a rolled-back opener leaves no gap. On a server engine a sequence, which holds nothing until the
    /// commit (the counter row's lock made every opener on every host wait for the one before it to commit); a failed
    /// opening may leave a gap there.
    /// </summary>
    private Task<long> NextSerialAsync(DbConnection c, DbTransaction tx) => c.ExecuteScalarAsync<long>(session.Dialect.Provider switch
    {
        DatabaseProvider.PostgreSql => "SELECT nextval('tkt_ticket_serial')",
        DatabaseProvider.SqlServer => "SELECT NEXT VALUE FOR tkt_ticket_serial",
        _ => "UPDATE tkt_ticket_numbers SET last_number = last_number + 1; SELECT last_number FROM tkt_ticket_numbers",
    }, transaction: tx);

    /// <summary>
    /// A customer created a moment ago may not have reached the read model yet: ask the Customers module when it answers
    /// the query, and keep what it says, in a short transaction of its own. Call before the transaction opens.
    /// </summary>
    public async Task LearnCustomerAsync(long customerId, CancellationToken ct)
    {
        if (await CustomerToLearnAsync(customerId, ct) is not { } snapshot) return;
        // A write like any other: its own short transaction, taking its turn with the other writers.
        await session.BeginAsync(ct);
        await KeepCustomerAsync(snapshot, ct);
        await session.CommitAsync(ct);
    }

    /// <summary>
    /// What the Customers module says of a customer the read model does not know yet (null when it knows it, or nobody
    /// answers): asked before the transaction opens, since the other module reads on its own terms; then
    /// <see cref="KeepCustomerAsync"/> inside the transaction that needs it, so a new requester's ticket takes one write turn.
    /// </summary>
    public async Task<CustomerSnapshot?> CustomerToLearnAsync(long customerId, CancellationToken ct)
    {
        if (session.Transaction is not null) throw new InvalidOperationException("Ask the Customers module before opening the transaction.");
        var c = await session.ConnectionAsync(ct);
        if (await CustomerReadModel.FindAsync(c, customerId, null) is not null) return null;
        try
        {
            return await mediator.Send(new GetCustomer(customerId), ct);
        }
        catch (InvalidOperationException)
        {
            return null; // no module answers the query in this host
        }
    }

    /// <summary>Keeps a customer learnt by <see cref="CustomerToLearnAsync"/> in the read model, inside the open transaction.</summary>
    public async Task KeepCustomerAsync(CustomerSnapshot? snapshot, CancellationToken ct)
    {
        if (snapshot is null) return;
        var tx = session.Transaction ?? throw new InvalidOperationException("Keep the customer inside the transaction.");
        var c = await session.ConnectionAsync(ct);
        await c.ExecuteAsync(session.Dialect.InsertIfAbsent("tkt_customers",
            "customer_id, name, tier, account_manager, email, language, is_erased, version, updated_at",
            "@CustomerId, @Name, @Tier, @AccountManager, @Email, @Language, @IsErased, 0, @Now", "customer_id"),
            new
            {
                snapshot.CustomerId, snapshot.Name, Tier = EnumText.Of(snapshot.Tier), snapshot.AccountManager, snapshot.Email, snapshot.Language,
                snapshot.IsErased, Now = clock.GetUtcNow(),
            },
            tx);
    }
}

using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;

namespace Csm.Modules.Tickets.Features.SlaPolicies;

internal sealed class CreateSlaPolicy(DbSession session, AuditTrail audit, SlaPlanner planner, TimeProvider clock)
    : Endpoint<CreateSlaPolicy.Request, Results<Created<SlaPolicyView>, ValidationProblem>>
{
    public sealed record Request(
        string Name, string? TypeCode, TicketPriority? Priority, CustomerTier? Tier, long? CalendarId, int FirstResponseMinutes,
        int ResolutionMinutes, double? AtRiskShare, IReadOnlyList<EscalationStep>? Escalation, bool IsActive = true) : ISlaPolicyShape;

    internal sealed class Validator : SlaPolicyShapeValidator<Request>;

    public override void Configure()
    {
        Post("sla-policies");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_CreateSlaPolicy")
            .WithSummary("Defines first-response and resolution targets (business minutes) for a ticket type, priority and customer tier")
            .WithIdempotency());
    }

    public override async Task<Results<Created<SlaPolicyView>, ValidationProblem>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await Validator.ReferencesAsync(c, request) is { } bad)
        {
            await session.RollbackAsync(ct);
            return Problems.Invalid(bad.Field, bad.Message);
        }
        var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_sla_policies",
            "name, type_code, priority, tier, calendar_id, first_response_minutes, resolution_minutes, at_risk_share, escalation, is_active, version, created_at, updated_at",
            "@Name, @TypeCode, @Priority, @Tier, @CalendarId, @FirstResponseMinutes, @ResolutionMinutes, @AtRiskShare, @Escalation, @IsActive, 1, @Now, @Now"),
            Validator.Parameters(request, clock.GetUtcNow()), tx);
        var row = (await SlaPolicyStore.ByIdAsync(c, id, tx))!;
        // Open tickets the new policy may fit get their SLA chosen again.
        await planner.RecomputeOpenTicketsAsync(
            "(@TypeCode IS NULL OR type_code = @TypeCode) AND (@Priority IS NULL OR priority = @Priority) AND (@Tier IS NULL OR customer_tier = @Tier)",
            new { row.TypeCode, row.Priority, row.Tier }, ct);
        var view = SlaPolicyView.From(row);
        await audit.RecordAsync("tickets", "slaPolicy.created", "slaPolicy", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/sla-policies/{id}", view);
    }
}

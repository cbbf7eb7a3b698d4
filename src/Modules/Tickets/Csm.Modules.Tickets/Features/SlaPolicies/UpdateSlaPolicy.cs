using Csm.BuildingBlocks.Auth;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;

namespace Csm.Modules.Tickets.Features.SlaPolicies;

internal sealed class UpdateSlaPolicy(DbSession session, AuditTrail audit, SlaPlanner planner, TimeProvider clock)
    : Endpoint<UpdateSlaPolicy.Request, Results<Ok<SlaPolicyView>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(
        string Name, string? TypeCode, TicketPriority? Priority, CustomerTier? Tier, long? CalendarId, int FirstResponseMinutes,
        int ResolutionMinutes, double? AtRiskShare, IReadOnlyList<EscalationStep>? Escalation, bool IsActive, long Version) : ISlaPolicyShape;

    internal sealed class Validator : SlaPolicyShapeValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("sla-policies/{id:long}");
        Group<TicketsGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Tickets_UpdateSlaPolicy")
            .WithSummary("Changes an SLA policy; due times of the open tickets under it are recomputed")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<SlaPolicyView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var current = await SlaPolicyStore.ByIdAsync(c, id, tx);
        if (current is null) return Problems.NotFound("SLA policy", id);
        if (await Validator.ReferencesAsync(c, request) is { } bad) return Problems.Invalid(bad.Field, bad.Message);
        var args = new DynamicParameters(Validator.Parameters(request, clock.GetUtcNow()));
        args.Add("Id", id);
        args.Add("Version", request.Version);
        var changed = await c.ExecuteAsync(
            """
            UPDATE tkt_sla_policies SET name = @Name, type_code = @TypeCode, priority = @Priority, tier = @Tier, calendar_id = @CalendarId,
              first_response_minutes = @FirstResponseMinutes, resolution_minutes = @ResolutionMinutes, at_risk_share = @AtRiskShare,
              escalation = @Escalation, is_active = @IsActive, version = version + 1, updated_at = @Now
            WHERE id = @Id AND version = @Version
            """, args, tx);
        if (changed == 0) return Problems.StaleVersion(request.Version, current.Version);
        var row = (await SlaPolicyStore.ByIdAsync(c, id, tx))!;
        await planner.RecomputeOpenTicketsAsync(
            "sla_policy_id = @Id OR ((@TypeCode IS NULL OR type_code = @TypeCode) AND (@Priority IS NULL OR priority = @Priority) AND (@Tier IS NULL OR customer_tier = @Tier))",
            new { Id = id, row.TypeCode, row.Priority, row.Tier }, ct);
        var view = SlaPolicyView.From(row);
        await audit.RecordAsync("tickets", "slaPolicy.updated", "slaPolicy", id, SlaPolicyView.From(current), view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}

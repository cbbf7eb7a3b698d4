using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using FluentValidation;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Rules.Features;

internal sealed class UpdateRule(DbSession session, AuditTrail audit, RulesCalendar calendar)
    : Endpoint<UpdateRule.Request, Results<Ok<RuleView>, ProblemHttpResult>>
{
    /// <summary>The whole rule again, with the version it was read at (optimistic concurrency). Enable or disable it here.</summary>
    public sealed record Request : RuleDefinition
    {
        public long Version { get; init; }
    }

    internal sealed class Validator : Validator<Request>
    {
        public Validator(RulesCalendar calendar, IOptions<RulesOptions> options)
        {
            Include(new RuleDefinitionValidator(calendar, options));
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    public override void Configure()
    {
        Put("rules/{id:long}");
        Group<RulesGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Rules_Update")
            .WithSummary("Changes a rule (also to enable or disable it)")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<RuleView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var before = await RuleStore.FindAsync(session, id, ct);
        var parameters = new DynamicParameters(RuleStore.Parameters(request, RuleSchedule.NextRun(request.Trigger.Schedule, calendar, calendar.Now), calendar.Now));
        parameters.AddDynamicParams(new { Id = id, request.Version });
        var changed = await c.ExecuteAsync(
            """
            UPDATE rul_rules SET name = @Name, description = @Description, is_enabled = @IsEnabled, schedule = @Schedule, event_type = @EventType,
              condition_json = @ConditionJson, actions_json = @ActionsJson, cooldown_days = @CooldownDays, owner = @Owner,
              next_run_at = @NextRunAt, version = version + 1, updated_at = @Now
            WHERE id = @Id AND version = @Version
            """, parameters, tx);
        var row = await RuleStore.FindAsync(session, id, ct);
        if (row is null) return Problems.NotFound("Rule", id);
        if (changed == 0) return Problems.StaleVersion(request.Version, row.Version);
        var view = RuleView.From(row);
        await audit.RecordAsync("rules", "rule.updated", "rule", id, RuleView.From(before!), view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(view);
    }
}

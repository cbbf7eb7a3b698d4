using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Features;

internal sealed class CreateRule(DbSession session, AuditTrail audit, RulesCalendar calendar) : Endpoint<RuleDefinition, Created<RuleView>>
{
    public override void Configure()
    {
        Post("rules");
        Group<RulesGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Rules_Create")
            .WithSummary("Creates a rule: a trigger, a condition over customer facts, and actions")
            .WithIdempotency());
    }

    public override async Task<Created<RuleView>> ExecuteAsync(RuleDefinition request, CancellationToken ct)
    {
        var view = await SaveAsync(session, audit, calendar, request, null, ct);
        return TypedResults.Created($"/api/rules/{view.Id}", view);
    }

    /// <summary>Stores a new rule and its audit entry together.</summary>
    internal static async Task<RuleView> SaveAsync(DbSession session, AuditTrail audit, RulesCalendar calendar, RuleDefinition rule, string? templateKey, CancellationToken ct)
    {
        await session.BeginAsync(ct);
        var id = await RuleStore.InsertAsync(session, rule, RuleSchedule.NextRun(rule.Trigger.Schedule, calendar, calendar.Now), calendar.Now, templateKey, ct);
        var view = RuleView.From((await RuleStore.FindAsync(session, id, ct))!);
        await audit.RecordAsync("rules", "rule.created", "rule", id, after: view, ct: ct);
        await session.CommitAsync(ct);
        return view;
    }
}

using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;

namespace Csm.Modules.Rules.Features;

internal sealed class CreateRule(DbSession session, RulesCalendar calendar) : Endpoint<RuleDefinition, Created<RuleView>>
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
        var id = await SaveAsync(session, calendar, request, null, ct);
        var view = RuleView.From((await RuleStore.FindAsync(session, id, ct))!);
        return TypedResults.Created($"/api/rules/{id}", view);
    }

    internal static Task<long> SaveAsync(DbSession session, RulesCalendar calendar, RuleDefinition rule, string? templateKey, CancellationToken ct) =>
        RuleStore.InsertAsync(session, rule, RuleSchedule.NextRun(rule.Trigger.Schedule, calendar, calendar.Now), calendar.Now, templateKey, ct);
}

using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Contracts;
using Csm.Modules.Reports.Plans;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// Improvement plans: a problem (feedback themes, a metric and a segment of answers), a goal, an owner and actions with
/// owners and due dates; one plan shows its effect (the metric for the segment since the start against before it).
/// Managers write plans; whoever reads reports reads them.
/// </summary>
internal static class ImprovementPlans
{
    /// <summary>Asks Tickets for a task for each open action, with a customer or without (Tickets opens one per action, however often asked).</summary>
    private static async Task AskForTasksAsync(Outbox outbox, ImprovementPlan.Plan plan, CancellationToken ct)
    {
        foreach (var a in plan.Actions.Where(a => a.DoneAt is null))
            await outbox.AddAsync(new ImprovementActionPlanned(plan.Id, plan.Title, a.Id, a.CustomerId, a.Title, a.Owner, a.DueOn), ct);
    }

    internal sealed class Validator : Validator<ImprovementPlan.Form>
    {
        public Validator() => Include(new PlanFormValidator());
    }

    internal sealed class List(DbSession session) : Endpoint<PageQuery, Ok<Paged<ImprovementPlan.Plan>>>
    {
        public override void Configure()
        {
            Get("improvement-plans");
            Policies(Can.Reports);
            Group<ReportsGroup>();
            Description(d => d.WithName("Reports_ListImprovementPlans").WithSummary("Improvement plans, the latest start first (without their effect)"));
        }

        public override async Task<Ok<Paged<ImprovementPlan.Plan>>> ExecuteAsync(PageQuery query, CancellationToken ct)
        {
            var page = PageRequest.From(query.Page, query.PageSize);
            var (plans, total) = await PlanStore.PageAsync(await session.ConnectionAsync(ct), session.Dialect, page);
            return TypedResults.Ok(new Paged<ImprovementPlan.Plan>(plans, total, page.Page, page.PageSize));
        }
    }

    internal sealed class Get(DbSession session, PlanEffect effect) : EndpointWithoutRequest<Results<Ok<ImprovementPlan.Plan>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("improvement-plans/{id:long}");
            Policies(Can.Reports);
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_GetImprovementPlan")
                .WithSummary("One improvement plan with its effect: the metric for its segment since the start against the same number of days before, with 95% intervals and whether the change is beyond noise")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<ImprovementPlan.Plan>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var plan = await PlanStore.FindAsync(await session.ConnectionAsync(ct), null, id);
            if (plan is null) return Problems.NotFound("Improvement plan", id);
            return TypedResults.Ok(plan with { Effect = await effect.OfAsync(plan, ct) });
        }
    }

    internal sealed class Create(DbSession session, PlanChecks checks, Outbox outbox, AuditTrail audit, TimeProvider clock)
        : Endpoint<ImprovementPlan.Form, Results<Created<ImprovementPlan.Plan>, ValidationProblem>>
    {
        public override void Configure()
        {
            Post("improvement-plans");
            Policies(Access.Manager);
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_CreateImprovementPlan")
                .WithSummary("Records an improvement plan: its problem, goal, owner and actions")
                .WithDescription("`problem.themes` are feedback theme codes; `problem.metric` and `goal.metric` nps, csat or ces; `problem.segment` a group of the satisfaction report (`dimension` all, tier, touchpoint, ticketType, channel (the ticket's), agent, team, survey or answeredVia (how the answer came: email, sms, link, widget, qr), and its `value`); `goal.date` after `startsOn`; owners are user names. `version` is ignored.")
                .WithIdempotency());
        }

        public override async Task<Results<Created<ImprovementPlan.Plan>, ValidationProblem>> ExecuteAsync(ImprovementPlan.Form form, CancellationToken ct)
        {
            var errors = await checks.ProblemsAsync(form, await session.ConnectionAsync(ct), ct);
            if (errors.Count > 0) return Problems.Invalid(errors);
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var id = await PlanStore.InsertAsync(c, tx, session.Dialect, form, clock.GetUtcNow());
            var plan = (await PlanStore.FindAsync(c, tx, id))!;
            await AskForTasksAsync(outbox, plan, ct);
            await audit.RecordAsync("reports", "improvementPlan.created", "improvementPlan", id, after: plan, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/improvement-plans/{id}", plan);
        }
    }

    internal sealed class Update(DbSession session, PlanChecks checks, Outbox outbox, AuditTrail audit, TimeProvider clock)
        : Endpoint<ImprovementPlan.Form, Results<Ok<ImprovementPlan.Plan>, ProblemHttpResult, ValidationProblem>>
    {
        public override void Configure()
        {
            Put("improvement-plans/{id:long}");
            Policies(Access.Manager);
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_UpdateImprovementPlan")
                .WithSummary("Changes a plan; `version` must be the plan's current one. Actions kept in place with the same title, owner and customer keep their task")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict));
        }

        public override async Task<Results<Ok<ImprovementPlan.Plan>, ProblemHttpResult, ValidationProblem>> ExecuteAsync(ImprovementPlan.Form form, CancellationToken ct)
        {
            var id = Route<long>("id");
            var errors = await checks.ProblemsAsync(form, await session.ConnectionAsync(ct), ct);
            if (errors.Count > 0) return Problems.Invalid(errors);
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = await PlanStore.FindAsync(c, tx, id);
            if (before is null) return Problems.NotFound("Improvement plan", id);
            if (!await PlanStore.UpdateAsync(c, tx, id, form.Version, form, clock.GetUtcNow())) return Problems.StaleVersion(form.Version, before.Version);
            var plan = (await PlanStore.FindAsync(c, tx, id))!;
            await AskForTasksAsync(outbox, plan, ct);
            await audit.RecordAsync("reports", "improvementPlan.updated", "improvementPlan", id, before, plan, ct);
            await session.CommitAsync(ct);
            return TypedResults.Ok(plan);
        }
    }

    internal sealed class Delete(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Delete("improvement-plans/{id:long}");
            Policies(Access.Manager);
            Group<ReportsGroup>();
            Description(d => d.WithName("Reports_DeleteImprovementPlan").WithSummary("Deletes a plan and its actions").ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var plan = await PlanStore.FindAsync(c, tx, id);
            if (plan is null) return Problems.NotFound("Improvement plan", id);
            await PlanStore.DeleteAsync(c, tx, id);
            await audit.RecordAsync("reports", "improvementPlan.deleted", "improvementPlan", id, before: plan, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.NoContent();
        }
    }
}

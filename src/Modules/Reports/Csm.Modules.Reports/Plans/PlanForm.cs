using Csm.Modules.Reports.Reporting;
using Csm.Modules.Reports.Rollups;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Surveys.Contracts;
using MediatR;

namespace Csm.Modules.Reports.Plans;

/// <summary>The shapes of an improvement plan, as the API reads and shows them.</summary>
internal static partial class ImprovementPlan
{
    /// <summary>Which answers a plan is about: a group of the satisfaction report ("tier" = "vip"), or "all".</summary>
    public sealed record Segment(string Dimension, string? Value);

    /// <param name="Themes">Codes of the feedback themes the problem shows in (Surveys' themes).</param>
    /// <param name="Metric">nps, csat or ces: the figure the problem is measured by, before and after the start.</param>
    public sealed record Problem(string? Description, IReadOnlyList<string> Themes, string Metric, Segment Segment);

    /// <param name="Target">The figure to reach by Date: NPS points, CSAT percent, or CES mean (lower is better).</param>
    public sealed record Goal(string Metric, double Target, DateOnly Date);

    /// <param name="CustomerId">When the action is about one customer, Tickets opens it as a task for them.</param>
    public sealed record PlannedAction(string Title, string Owner, DateOnly DueOn, long? CustomerId = null);

    /// <summary>What a person writes to create or change a plan.</summary>
    /// <param name="Version">When changing a plan, the version it had when read (ignored when creating one).</param>
    public sealed record Form(string Title, Problem Problem, Goal Goal, string Owner, DateOnly StartsOn, IReadOnlyList<PlannedAction> Actions, long Version = 0);
}

internal sealed class PlanFormValidator : AbstractValidator<ImprovementPlan.Form>
{
    public static readonly string[] Dimensions = [Measures.All, .. Measures.ResponseGroups];

    public PlanFormValidator()
    {
        RuleFor(p => p.Title).NotEmpty().MaximumLength(200);
        RuleFor(p => p.Owner).NotEmpty().MaximumLength(100);
        RuleFor(p => p.Problem).Cascade(CascadeMode.Stop).NotNull().ChildRules(problem =>
        {
            problem.RuleFor(x => x.Description).MaximumLength(4000);
            problem.RuleFor(x => x.Metric).Must(m => SatisfactionMetric.Names.Contains(m))
                .WithMessage(x => $"Unknown metric '{x.Metric}'; use one of: {string.Join(", ", SatisfactionMetric.Names)}.");
            problem.RuleFor(x => x.Themes).Cascade(CascadeMode.Stop).NotNull().Must(t => t.Count <= 20).WithMessage("At most 20 themes.");
            problem.RuleForEach(x => x.Themes).NotEmpty().MaximumLength(64);
            problem.RuleFor(x => x.Segment).Cascade(CascadeMode.Stop).NotNull().ChildRules(segment =>
            {
                segment.RuleFor(s => s.Dimension).Must(d => Dimensions.Contains(d))
                    .WithMessage(s => $"Unknown segment '{s.Dimension}'; use one of: {string.Join(", ", Dimensions)}.");
                segment.RuleFor(s => s.Value).NotEmpty().MaximumLength(200).When(s => s.Dimension != Measures.All)
                    .WithMessage("A segment other than 'all' names its value, e.g. tier 'vip'.");
            });
        });
        RuleFor(p => p.Goal).Cascade(CascadeMode.Stop).NotNull().ChildRules(goal =>
        {
            goal.RuleFor(x => x.Metric).Must(m => SatisfactionMetric.Names.Contains(m))
                .WithMessage(x => $"Unknown metric '{x.Metric}'; use one of: {string.Join(", ", SatisfactionMetric.Names)}.");
            goal.RuleFor(x => x.Target).Must(t => double.IsFinite(t) && t >= -100 && t <= 100).WithMessage("A target is between -100 and 100.");
        });
        RuleFor(p => p.Goal.Date).GreaterThan(p => p.StartsOn).When(p => p.Goal is not null)
            .OverridePropertyName("Goal.Date").WithMessage(p => $"The goal's date must be after the plan's start ({p.StartsOn:yyyy-MM-dd}).");
        RuleFor(p => p.Actions).Cascade(CascadeMode.Stop).NotNull().Must(a => a.Count <= 50).WithMessage("At most 50 actions.");
        RuleForEach(p => p.Actions).Cascade(CascadeMode.Stop).NotNull().ChildRules(action =>
        {
            action.RuleFor(a => a.Title).NotEmpty().MaximumLength(300);
            action.RuleFor(a => a.Owner).NotEmpty().MaximumLength(100);
            action.RuleFor(a => a.CustomerId).GreaterThan(0);
        });
    }
}

/// <summary>The checks a validator cannot make alone: themes Surveys knows, owners who work here.</summary>
internal sealed class PlanChecks(IMediator mediator, IStaffDirectory staff)
{
    public async Task<Dictionary<string, string[]>> ProblemsAsync(ImprovementPlan.Form form, System.Data.Common.DbConnection c, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var known = (await mediator.Send(new FindFeedbackThemes(form.Problem.Themes.Distinct().ToList()), ct)).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < form.Problem.Themes.Count; i++)
        {
            if (!known.Contains(form.Problem.Themes[i])) errors[$"problem.themes[{i}]"] = [$"There is no feedback theme '{form.Problem.Themes[i]}'."];
        }
        var people = (await staff.FindAllAsync(c, null, form.Actions.Select(a => a.Owner).Append(form.Owner).Distinct().ToList()))
            .Where(p => p.IsActive).Select(p => p.UserName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (!people.Contains(form.Owner)) errors["owner"] = [$"'{form.Owner}' is not an active user."];
        for (var i = 0; i < form.Actions.Count; i++)
        {
            if (!people.Contains(form.Actions[i].Owner)) errors[$"actions[{i}].owner"] = [$"'{form.Actions[i].Owner}' is not an active user."];
        }
        // Bounded by the 50 actions a plan may have; a task can only be opened for a customer who exists and was not erased.
        foreach (var id in form.Actions.Select(a => a.CustomerId).OfType<long>().Distinct())
        {
            if (await mediator.Send(new GetCustomer(id), ct) is { IsErased: false }) continue;
            var i = form.Actions.Select((a, i) => (a, i)).First(x => x.a.CustomerId == id).i;
            errors[$"actions[{i}].customerId"] = [$"There is no customer {id} to open a task for."];
        }
        return errors;
    }
}

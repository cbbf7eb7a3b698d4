using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using Csm.Modules.Rules.Templates;
using FluentValidation;

namespace Csm.Modules.Rules.Features;

internal sealed class CreateRuleFromTemplate(DbSession session, AuditTrail audit, RulesCalendar calendar)
    : Endpoint<CreateRuleFromTemplate.Request, Results<Created<RuleView>, ProblemHttpResult>>
{
    /// <param name="Enabled">Start evaluating it right away (default true).</param>
    public sealed record Request(bool? Enabled, string? Name, string? Owner);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).MaximumLength(200);
            RuleFor(r => r.Owner).MaximumLength(100);
        }
    }

    public override void Configure()
    {
        Post("rule-templates/{key}/rules");
        Group<RulesGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Rules_CreateFromTemplate")
            .WithSummary("Creates a rule from a template, enabled unless asked otherwise")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Created<RuleView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var key = Route<string>("key")!;
        if (RuleTemplates.All.FirstOrDefault(t => t.Key == key) is not { } template) return Problems.NotFound("Rule template", key);
        var rule = template.Rule with
        {
            Enabled = request.Enabled ?? true,
            Name = string.IsNullOrWhiteSpace(request.Name) ? template.Rule.Name : request.Name,
            Description = template.Rule.Description ?? template.Description,
            Owner = request.Owner ?? template.Rule.Owner,
        };
        var view = await CreateRule.SaveAsync(session, audit, calendar, rule, key, ct);
        return TypedResults.Created($"/api/rules/{view.Id}", view);
    }
}

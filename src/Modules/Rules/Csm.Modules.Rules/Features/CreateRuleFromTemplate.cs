using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Templates;
using FluentValidation;

namespace Csm.Modules.Rules.Features;

internal sealed class CreateRuleFromTemplate : IEndpoint
{
    /// <param name="Enabled">Start evaluating it right away (default true).</param>
    public sealed record Request(bool? Enabled, string? Name, string? Owner);

    internal sealed class Validator : AbstractValidator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Name).MaximumLength(200);
            RuleFor(r => r.Owner).MaximumLength(100);
        }
    }

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("rule-templates/{key}/rules", Handle)
        .WithName("Rules_CreateFromTemplate")
        .WithSummary("Creates a rule from a template, enabled unless asked otherwise")
        .RequireAuthorization(Policies.Manager)
        .WithRequestValidation<Request>()
        .WithIdempotency()
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<Created<RuleView>, ProblemHttpResult>> Handle(string key, Request request, DbSession session,
        RulesCalendar calendar, CancellationToken ct)
    {
        if (RuleTemplates.All.FirstOrDefault(t => t.Key == key) is not { } template) return Problems.NotFound("Rule template", key);
        var rule = template.Rule with
        {
            Enabled = request.Enabled ?? true,
            Name = string.IsNullOrWhiteSpace(request.Name) ? template.Rule.Name : request.Name,
            Description = template.Rule.Description ?? template.Description,
            Owner = request.Owner ?? template.Rule.Owner,
        };
        var id = await CreateRule.SaveAsync(session, calendar, rule, key, ct);
        return TypedResults.Created($"/api/rules/{id}", RuleView.From((await RuleStore.FindAsync(session, id, ct))!));
    }
}

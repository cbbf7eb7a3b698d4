using FluentValidation;

namespace Csm.Modules.Tickets.Workflows;

/// <summary>What a request that carries a workflow's stages and transitions has.</summary>
internal interface IWorkflowShape
{
    string Name { get; }
    IReadOnlyList<WorkflowStage> Stages { get; }
    IReadOnlyList<WorkflowTransition> Transitions { get; }
}

/// <summary>Field rules and the structural checks (start, reachability, final stages, roles) for a workflow being saved.</summary>
internal abstract class WorkflowShapeValidator<T> : FastEndpoints.Validator<T> where T : IWorkflowShape
{
    protected WorkflowShapeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Stages).NotEmpty();
        RuleFor(r => r.Transitions).NotNull();
        RuleForEach(r => r.Stages).ChildRules(s =>
        {
            s.RuleFor(x => x.Code).NotEmpty().MaximumLength(50).Matches("^[A-Za-z][A-Za-z0-9_-]*$");
            s.RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
            s.RuleFor(x => x.OwnerTeam).MaximumLength(100);
            s.RuleFor(x => x.TimeLimitMinutes).GreaterThan(0).When(x => x.TimeLimitMinutes is not null);
            s.RuleForEach(x => x.RequiredFields).NotNull().ChildRules(f =>
            {
                f.RuleFor(x => x.Name).NotEmpty().MaximumLength(100);
                f.RuleFor(x => x.UnknownKind).Null().OverridePropertyName(nameof(RequiredField.Kind))
                    .WithMessage(f => $"Unknown kind '{f.UnknownKind}' of field '{f.Name}'. Use one of: {string.Join(", ", FieldKinds.Names)}.");
            });
        });
        RuleForEach(r => r.Transitions).ChildRules(t =>
        {
            t.RuleFor(x => x.From).NotEmpty();
            t.RuleFor(x => x.To).NotEmpty();
        });
        RuleFor(r => r).Custom((r, context) =>
        {
            if (r.Stages is null || r.Transitions is null || r.Stages.Any(s => s is null || string.IsNullOrEmpty(s.Code))) return;
            foreach (var (field, message) in WorkflowDefinition.Problems(r.Stages, r.Transitions.Where(t => t is not null).ToList()))
            {
                context.AddFailure(field, message);
            }
        });
    }
}

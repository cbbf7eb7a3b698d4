using System.Text.RegularExpressions;
using Csm.Modules.Surveys.Contracts;
using FluentValidation;
using FluentValidation.Results;

namespace Csm.Modules.Surveys.Data;

/// <summary>What a manager sends to create or edit a survey.</summary>
internal interface ISurveyDraft
{
    string Name { get; }
    Touchpoint Touchpoint { get; }
    LocalizedText Title { get; }
    IReadOnlyList<Question> Questions { get; }
}

internal partial class SurveyDraftValidator<T> : FastEndpoints.Validator<T> where T : ISurveyDraft
{
    public const int MaxQuestions = 30;

    public SurveyDraftValidator()
    {
        RuleFor(x => x.Name).NotEmpty().MaximumLength(200);
        RuleFor(x => x.Touchpoint).IsInEnum();
        RuleFor(x => x.Title).NotNull().SetValidator(new LocalizedTextValidator());
        RuleFor(x => x.Questions).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("A survey needs at least one question.")
            .Must(q => q.Count <= MaxQuestions).WithMessage($"A survey has at most {MaxQuestions} questions.");
        RuleForEach(x => x.Questions).NotNull().SetValidator(new QuestionValidator());
        RuleFor(x => x.Questions).Custom(CheckKeysAndFollowUps).When(x => x.Questions is { Count: > 0 } q && q.All(i => i is not null));
    }

    private static void CheckKeysAndFollowUps(IReadOnlyList<Question> questions, FluentValidation.ValidationContext<T> context)
    {
        var seen = new Dictionary<string, Question>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            if (q.Key is not null && !seen.TryAdd(q.Key, q))
                context.AddFailure(new ValidationFailure($"Questions[{i}].Key", $"The key '{q.Key}' is used by another question."));
            if (q.ShowWhen?.Question is not { } target) continue;
            // A follow-up depends on a score given earlier in the same survey.
            if (!seen.TryGetValue(target, out var scored) || ReferenceEquals(scored, q))
                context.AddFailure(new ValidationFailure($"Questions[{i}].ShowWhen.Question",
                    $"The follow-up refers to question '{target}', which is not an earlier question of this survey."));
            else if (!scored.IsScored)
                context.AddFailure(new ValidationFailure($"Questions[{i}].ShowWhen.Question",
                    $"The follow-up refers to question '{target}', which has no score."));
        }
    }

    private sealed partial class QuestionValidator : AbstractValidator<Question>
    {
        public QuestionValidator()
        {
            RuleFor(q => q.Key).NotEmpty().Matches(KeyPattern()).WithMessage("A key is 1–40 letters, digits, '-' or '_'.");
            RuleFor(q => q.Kind).IsInEnum();
            RuleFor(q => q.Text).NotNull().SetValidator(new LocalizedTextValidator());
            RuleFor(q => q.Choices).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("A choice question needs at least two choices.")
                .Must(c => c!.Count is >= 2 and <= 20).WithMessage("A choice question has 2 to 20 choices.")
                .Must(c => c!.Select(x => x?.Key).Distinct().Count() == c!.Count).WithMessage("Choice keys must be unique.")
                .When(q => q.Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice);
            RuleForEach(q => q.Choices).ChildRules(c =>
            {
                c.RuleFor(x => x.Key).NotEmpty().Matches(KeyPattern()).WithMessage("A key is 1–40 letters, digits, '-' or '_'.");
                c.RuleFor(x => x.Text).NotNull().SetValidator(new LocalizedTextValidator());
            }).When(q => q.Choices is not null);
            RuleFor(q => q.Choices).Empty().WithMessage("Only choice questions have choices.")
                .When(q => q.Kind is not (QuestionKind.SingleChoice or QuestionKind.MultipleChoice));
            RuleFor(q => q.Scale).InclusiveBetween(2, 10).When(q => q.Kind == QuestionKind.Rating && q.Scale is not null);
            RuleFor(q => q.Scale).Null().WithMessage("Only a rating has a scale.").When(q => q.Kind != QuestionKind.Rating);
            RuleFor(q => q.ShowWhen!.Question).NotEmpty().When(q => q.ShowWhen is not null);
            RuleFor(q => q.ShowWhen).Must(s => s!.Min is not null || s.Max is not null).WithMessage("Give a minimum or a maximum score.")
                .When(q => q.ShowWhen is not null);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex KeyPattern();
}

internal sealed class LocalizedTextValidator : FastEndpoints.Validator<LocalizedText>
{
    public const int MaxLength = 500;

    public LocalizedTextValidator()
    {
        RuleFor(t => t.Zh).NotEmpty().WithMessage("The Chinese text is required.").MaximumLength(MaxLength);
        RuleFor(t => t.En).NotEmpty().WithMessage("The English text is required.").MaximumLength(MaxLength);
    }
}

namespace Csm.Modules.Surveys.Data;

/// <param name="Question">The key of the question answered.</param>
/// <param name="Score">For NPS (0–10), CSAT (1–5), CES (1–7) and rating (1–scale).</param>
/// <param name="Text">For a free-text question.</param>
/// <param name="Choices">For a choice question: the keys picked (exactly one for a single choice).</param>
internal sealed record Answer(string Question, int? Score = null, string? Text = null, IReadOnlyList<string>? Choices = null);

/// <summary>The scores and comment a set of valid answers amounts to.</summary>
internal sealed record Scores(int? Nps, int? Csat, int? Ces, string? Comment);

/// <summary>Checks answers against the questions of the version answered, by each question's kind.</summary>
internal static class AnswerCheck
{
    public const int MaxTextLength = 2000;

    /// <summary>The answers to the survey's own rating and choice questions, as the event carries them.</summary>
    public static IReadOnlyList<Contracts.CustomAnswer> Custom(SurveyDefinition survey, IReadOnlyList<Answer> answers)
    {
        var given = answers.Where(a => a.Question is not null).GroupBy(a => a.Question).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return survey.Questions
            .Where(q => q.Kind is QuestionKind.Rating or QuestionKind.SingleChoice or QuestionKind.MultipleChoice && given.ContainsKey(q.Key))
            .Select(q =>
            {
                var a = given[q.Key];
                return new Contracts.CustomAnswer(q.Key, EnumText.Of(q.Kind), q.Text.Zh, q.Text.En,
                    q.Kind == QuestionKind.Rating ? a.Score : null, q.Kind == QuestionKind.Rating ? q.Range!.Value.Max : null,
                    q.Kind == QuestionKind.Rating ? null : a.Choices,
                    q.Choices?.Select(c => new Contracts.AnswerOption(c.Key, c.Text.Zh, c.Text.En)).ToList());
            }).ToList();
    }

    /// <summary>Problems keyed by the JSON path of the answer at fault ("answers[2].score"), or "answers" for a missing one.</summary>
    public static Dictionary<string, string[]> Problems(SurveyDefinition survey, IReadOnlyList<Answer> answers)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string key, string message)
        {
            if (!errors.TryGetValue(key, out var list)) errors[key] = list = [];
            list.Add(message);
        }

        var questions = survey.Questions.ToDictionary(q => q.Key, StringComparer.Ordinal);
        var given = new Dictionary<string, Answer>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var a = answers[i];
            var at = $"answers[{i}]";
            if (a.Question is null || !questions.TryGetValue(a.Question, out var q))
            {
                Add($"{at}.question", $"This survey has no question '{a.Question}'.");
                continue;
            }
            if (!given.TryAdd(q.Key, a))
            {
                Add($"{at}.question", $"Question '{q.Key}' is answered twice.");
                continue;
            }
            CheckOne(q, a, at, Add);
        }
        foreach (var q in survey.Questions.Where(q => q.Required && !given.ContainsKey(q.Key)))
        {
            var shown = q.ShowWhen is not { } when || when.Holds(given.GetValueOrDefault(when.Question)?.Score);
            if (shown) Add("answers", $"Question '{q.Key}' needs an answer.");
        }
        return errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
    }

    private static void CheckOne(Question q, Answer a, string at, Action<string, string> add)
    {
        if (q.Range is var (min, max))
        {
            if (a.Score is not { } s) add($"{at}.score", $"Question '{q.Key}' needs a score from {min} to {max}.");
            else if (s < min || s > max) add($"{at}.score", $"The score of '{q.Key}' must be from {min} to {max}; {s} is outside.");
            if (a.Text is not null || a.Choices is not null) add($"{at}.score", $"Question '{q.Key}' takes a score only.");
            return;
        }
        if (q.Kind == QuestionKind.Text)
        {
            if (a.Text is null) add($"{at}.text", $"Question '{q.Key}' needs a text answer.");
            else if (a.Text.Length > MaxTextLength) add($"{at}.text", $"A comment has at most {MaxTextLength} characters; this one has {a.Text.Length}.");
            if (a.Score is not null || a.Choices is not null) add($"{at}.text", $"Question '{q.Key}' takes a text only.");
            return;
        }
        var offered = q.Choices!.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        if (a.Choices is not { Count: > 0 } picked)
        {
            add($"{at}.choices", $"Question '{q.Key}' needs a choice.");
            return;
        }
        for (var j = 0; j < picked.Count; j++)
        {
            if (!offered.Contains(picked[j] ?? "")) add($"{at}.choices[{j}]", $"'{picked[j]}' is not one of the choices of '{q.Key}'.");
        }
        if (q.Kind == QuestionKind.SingleChoice && picked.Count > 1) add($"{at}.choices", $"Question '{q.Key}' takes exactly one choice.");
        if (picked.Distinct(StringComparer.Ordinal).Count() != picked.Count) add($"{at}.choices", "A choice is picked twice.");
    }

    /// <summary>The first NPS, CSAT and CES scores, and the free-text answers as one comment.</summary>
    public static Scores Summarize(SurveyDefinition survey, IReadOnlyList<Answer> answers)
    {
        var byKey = answers.ToDictionary(a => a.Question, StringComparer.Ordinal);
        int? First(QuestionKind kind) => survey.Questions.Where(q => q.Kind == kind).Select(q => byKey.GetValueOrDefault(q.Key)?.Score).FirstOrDefault(s => s is not null);
        var texts = survey.Questions.Where(q => q.Kind == QuestionKind.Text)
            .Select(q => byKey.GetValueOrDefault(q.Key)?.Text?.Trim()).Where(t => !string.IsNullOrEmpty(t)).ToList();
        return new Scores(First(QuestionKind.Nps), First(QuestionKind.Csat), First(QuestionKind.Ces), texts.Count == 0 ? null : string.Join("\n", texts));
    }
}

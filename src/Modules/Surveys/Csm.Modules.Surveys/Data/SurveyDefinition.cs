using System.Text.Json;
using System.Text.Json.Serialization;
using Csm.Modules.Surveys.Contracts;

namespace Csm.Modules.Surveys.Data;

internal enum QuestionKind { Nps, Csat, Ces, Rating, SingleChoice, MultipleChoice, Text }

/// <summary>Every text a customer reads, in both languages the product speaks.</summary>
internal sealed record LocalizedText(string Zh, string En)
{
    public string In(string language) => Languages.IsChinese(language) ? Zh : En;
}

internal sealed record Choice(string Key, LocalizedText Text);

/// <summary>Shows a question (the "why?") only when the score given to <see cref="Question"/> is within [Min, Max].</summary>
internal sealed record ShowWhen(string Question, int? Min, int? Max)
{
    public bool Holds(int? score) => score is { } s && (Min is null || s >= Min) && (Max is null || s <= Max);
}

/// <param name="Scale">For a rating: the top of a 1..Scale scale.</param>
internal sealed record Question(
    string Key, QuestionKind Kind, LocalizedText Text, bool Required = true,
    IReadOnlyList<Choice>? Choices = null, int? Scale = null, ShowWhen? ShowWhen = null)
{
    public (int Min, int Max)? Range => Kind switch
    {
        QuestionKind.Nps => (0, 10),
        QuestionKind.Csat => (1, 5),
        QuestionKind.Ces => (1, 7),
        QuestionKind.Rating => (1, Scale ?? 5),
        _ => null,
    };

    public bool IsScored => Range is not null;
}

/// <summary>What one version of a survey asks. Stored as JSON with the version; responses keep the version they answered.</summary>
internal sealed record SurveyDefinition(LocalizedText Title, IReadOnlyList<Question> Questions)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static SurveyDefinition FromJson(string json) => JsonSerializer.Deserialize<SurveyDefinition>(json, Json)!;

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Json);
}

internal static class Languages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";

    public static bool IsChinese(string? language) => language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string Normalize(string? language) => IsChinese(language) ? Chinese : English;
}

internal static class Scoring
{
    /// <summary>Unhappy answers need a follow-up: an NPS detractor (0–6), CSAT 1–2 or CES 5–7. Unhappy wins over happy.</summary>
    public static FeedbackClass Classify(int? nps, int? csat, int? ces)
    {
        if (nps <= 6 || csat <= 2 || ces >= 5) return FeedbackClass.Unhappy;
        if (nps >= 9 || csat >= 4 || ces <= 3) return FeedbackClass.Happy;
        return FeedbackClass.Neutral;
    }
}

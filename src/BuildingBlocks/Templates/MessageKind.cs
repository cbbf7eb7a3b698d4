using System.Text.RegularExpressions;

namespace Csm.BuildingBlocks.Templates;

/// <summary>A message's subject and body, with {{placeholders}}.</summary>
public sealed record MessageText(string Subject, string Body);

/// <summary>
/// A kind of message a module sends (a survey invitation, a contract care e-mail, a ticket reply), its placeholders and
/// its default texts in Chinese and English. Modules register theirs as singletons; managers may edit the texts
/// (<see cref="MessageTemplates"/>), never the placeholders.
/// </summary>
public sealed record MessageKind(string Name, string Module, IReadOnlyList<string> Placeholders, MessageText Chinese, MessageText English)
{
    public MessageText Default(string? language) => TemplateLanguages.IsChinese(language) ? Chinese : English;
}

/// <summary>The languages a template is written in: zh-CN and en; any Chinese variant reads the Chinese one.</summary>
public static class TemplateLanguages
{
    public const string Chinese = "zh-CN";
    public const string English = "en";
    public static readonly string[] All = [Chinese, English];

    public static bool IsChinese(string? language) => language is not null && language.StartsWith("zh", StringComparison.OrdinalIgnoreCase);

    public static string Normalize(string? language) => IsChinese(language) ? Chinese : English;
}

/// <summary>{{placeholders}} in a text: which it names, and the text with them filled.</summary>
public static partial class Placeholders
{
    public static IEnumerable<string> In(string? text) =>
        text is null ? [] : Pattern().Matches(text).Select(m => m.Groups[1].Value);

    /// <summary>The text with each placeholder replaced by its value (empty when there is none).</summary>
    public static string Render(string? text, Func<string, string?> value) =>
        text is null ? "" : Pattern().Replace(text, m => value(m.Groups[1].Value) ?? "");

    public static string Render(string? text, IReadOnlyDictionary<string, string?> values) =>
        Render(text, name => values.TryGetValue(name, out var v) ? v : null);

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_.\-]+)\s*\}\}")]
    private static partial Regex Pattern();
}

/// <summary>
/// The values of a kind's placeholders for one real customer, from the module that sends the kind (a manager previews
/// an edited text with a customer they know). Null when the module does not know the customer.
/// </summary>
public interface IMessagePreview
{
    string Module { get; }

    Task<IReadOnlyDictionary<string, string?>?> ValuesAsync(string kind, long customerId, string language, CancellationToken ct);
}

using Csm.BuildingBlocks.Templates;

namespace Csm.Host.Features.Templates;

/// <summary>A kind of message with its placeholders and its text in each language (edited or the default).</summary>
public sealed record MessageTemplateView(string Kind, string Module, IReadOnlyList<string> Placeholders, IReadOnlyList<MessageTemplateText> Texts)
{
    internal static MessageTemplateView From(MessageKind kind, IReadOnlyDictionary<(string Kind, string Language), MessageTemplates.Edited> edited) =>
        new(kind.Name, kind.Module, kind.Placeholders, TemplateLanguages.All.Select(language =>
        {
            var fallback = kind.Default(language);
            return edited.TryGetValue((kind.Name, language), out var e)
                ? new MessageTemplateText(language, e.Subject, e.Body, true, e.Version, e.UpdatedAt, e.UpdatedBy, fallback.Subject, fallback.Body)
                : new MessageTemplateText(language, fallback.Subject, fallback.Body, false, 0, null, null, fallback.Subject, fallback.Body);
        }).ToList());
}

/// <param name="Edited">Whether a manager wrote this text; false: the module's default is sent.</param>
/// <param name="Version">The version to send back when saving (0 while the default is in use).</param>
public sealed record MessageTemplateText(
    string Language, string Subject, string Body, bool Edited, long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy, string DefaultSubject, string DefaultBody);

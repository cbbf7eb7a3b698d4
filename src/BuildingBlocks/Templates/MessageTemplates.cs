using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.BuildingBlocks.Templates;

/// <summary>
/// The text a message of a kind is sent with, in a language: what a manager wrote (sys_message_templates) or the
/// module's default. Read from a snapshot of the edited texts that a save on this host renews at once and that other
/// hosts renew within <see cref="Freshness"/>.
/// </summary>
public sealed class MessageTemplates(Db db, IEnumerable<MessageKind> kinds, TimeProvider clock)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(30);
    public const int MaxSubject = 500;
    public const int MaxBody = 20_000;

    private readonly Dictionary<string, MessageKind> _kinds = kinds.ToDictionary(k => k.Name, StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private volatile Snapshot? _snapshot;

    /// <summary>An edited text as stored.</summary>
    public sealed record Edited
    {
        public string Kind { get; init; } = "";
        public string Language { get; init; } = "";
        public string Subject { get; init; } = "";
        public string Body { get; init; } = "";
        public long Version { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string? UpdatedBy { get; init; }
    }

    private sealed record Snapshot(IReadOnlyDictionary<(string, string), Edited> Texts, DateTimeOffset LoadedAt);

    public IReadOnlyCollection<MessageKind> Kinds => _kinds.Values;

    public MessageKind? Find(string kind) => _kinds.GetValueOrDefault(kind);

    /// <summary>The text to send a message of <paramref name="kind"/> with, in the recipient's language.</summary>
    public async Task<MessageText> TextAsync(string kind, string? language, CancellationToken ct = default)
    {
        var found = Find(kind) ?? throw new InvalidOperationException($"No module registered the message kind '{kind}'.");
        var lang = TemplateLanguages.Normalize(language);
        return (await EditedAsync(ct)).TryGetValue((kind, lang), out var edited) ? new MessageText(edited.Subject, edited.Body) : found.Default(lang);
    }

    /// <summary>Every edited text, by kind and language.</summary>
    public async Task<IReadOnlyDictionary<(string Kind, string Language), Edited>> EditedAsync(CancellationToken ct = default)
    {
        if (_snapshot is { } s && clock.GetUtcNow() - s.LoadedAt < Freshness) return s.Texts;
        await _loading.WaitAsync(ct);
        try
        {
            if (_snapshot is { } again && clock.GetUtcNow() - again.LoadedAt < Freshness) return again.Texts;
            await using var c = await db.OpenAsync(ct);
            var rows = await c.QueryAsync<Edited>(
                "SELECT kind, language, subject, body, version, updated_at AS UpdatedAt, updated_by AS UpdatedBy FROM sys_message_templates");
            var texts = rows.ToDictionary(r => (r.Kind, r.Language));
            _snapshot = new Snapshot(texts, clock.GetUtcNow());
            return texts;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>After a save: the next message reads the database again.</summary>
    public void Changed() => _snapshot = null;

    /// <summary>The placeholders of a text that the kind does not know.</summary>
    public static IEnumerable<string> Unknown(MessageKind kind, string? text) =>
        Placeholders.In(text).Where(p => !kind.Placeholders.Contains(p, StringComparer.Ordinal)).Distinct();
}

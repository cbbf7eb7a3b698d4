using System.Collections.Concurrent;

namespace Csm.Modules.Tickets.Data;

/// <summary>
/// The parsed forms of stored definitions (a workflow's stages, a calendar's hours) by their stored text, parsed once:
/// opening a ticket parsed its workflow's JSON twice and its calendar's once, inside the write turn. A parsed form is
/// immutable and an edited definition is other text, so nothing kept is ever stale. A few versions are in use at a time;
/// past <see cref="Most"/> the cache starts again.
/// </summary>
internal sealed class ParsedOnce<T>(Func<string, T> parse) where T : class
{
    private const int Most = 256;
    private readonly ConcurrentDictionary<string, T> _parsed = new(StringComparer.Ordinal);

    public T Of(string stored)
    {
        if (_parsed.TryGetValue(stored, out var known)) return known;
        if (_parsed.Count >= Most) _parsed.Clear();
        return _parsed.GetOrAdd(stored, parse);
    }
}

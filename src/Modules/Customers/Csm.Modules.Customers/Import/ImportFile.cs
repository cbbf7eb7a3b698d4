using System.Text;
using System.Text.Json;

namespace Csm.Modules.Customers.Import;

/// <summary>One row of an import file, numbered as a person counts lines in the file (the header is row 1 in CSV).</summary>
/// <param name="Present">The profile fields the file has a column (or the JSON row a property) for, as
/// <see cref="ImportMerge"/> names them: a field the file does not have is left as it is.</param>
/// <param name="Unreadable">The field that could not be read as its type, when the row is unusable as sent.</param>
internal sealed record ImportRow(int Row, string? Source, string? ExternalId, CustomerInput Input, IReadOnlySet<string> Present, string? Unreadable = null);

/// <summary>A whole file refused before any row is read: a wrong header, an empty file, unreadable JSON.</summary>
internal sealed class ImportFileException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>
/// Reads CSV (UTF-8, BOM or not, CRLF or LF, RFC 4180 quoting) and JSON (an array of rows, or { "items": [...] }).
/// CSV columns: source, externalId, name, tier, kind, accountManager, language, contactName, email, phone, weChat,
/// tags (separated by ; or |), and cf.&lt;key&gt; for each custom field.
/// </summary>
internal static class ImportFile
{
    public static readonly string[] Columns =
        ["source", "externalId", "name", "tier", "kind", "accountManager", "creditCode", "lifecycleStatus", "language", "contactName", "email", "phone", "weChat", "tags"];

    public static async Task<List<ImportRow>> ReadCsvAsync(Stream body, ICollection<string> customFieldKeys, CancellationToken ct, ImportMapping? mapping = null)
    {
        var rows = new List<ImportRow>();
        await foreach (var row in StreamCsvAsync(body, customFieldKeys, mapping, ct)) rows.Add(row);
        return rows;
    }

    /// <summary>The rows of a CSV one at a time, for a file too large to hold (a background import); the header is checked first.</summary>
    public static async IAsyncEnumerable<ImportRow> StreamCsvAsync(Stream body, ICollection<string> customFieldKeys, ImportMapping? mapping,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        Dictionary<string, int>? index = null;
        IReadOnlySet<string> present = new HashSet<string>();
        var constants = mapping?.KnownConstants(customFieldKeys) ?? [];
        var row = 0;
        await foreach (var cells in CsvRecords.ReadAsync(reader).WithCancellation(ct))
        {
            row++;
            if (index is null)
            {
                var header = cells.Select(h => h.Trim()).ToArray();
                index = mapping is null ? MapHeader(header, customFieldKeys) : mapping.Apply(header, customFieldKeys);
                present = index.Keys.Concat(constants.Keys).Select(ImportMerge.FieldOfColumn).OfType<string>().ToHashSet(StringComparer.Ordinal);
                foreach (var required in new[] { "externalId", "name", "tier" })
                {
                    if (!index.ContainsKey(required) && !constants.ContainsKey(required))
                        throw new ImportFileException("header", $"The header has no '{required}' column{(mapping is null ? "" : " and the mapping gives none")}.");
                }
                continue;
            }
            string? Cell(string column) => mapping is null ? Read(column) : mapping.Translate(column, Read(column));
            string? Read(string column) => index.TryGetValue(column, out var i) && i < cells.Count && !string.IsNullOrWhiteSpace(cells[i]) ? cells[i].Trim()
                : constants.GetValueOrDefault(column);
            var (email, phone, weChat, contactName) = (Cell("email"), Cell("phone"), Cell("weChat"), Cell("contactName"));
            var custom = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var key in index.Keys.Concat(constants.Keys).Where(k => k.StartsWith("cf.", StringComparison.Ordinal)))
            {
                if (Cell(key) is { } value) custom[key[3..]] = JsonSerializer.SerializeToElement(value);
            }
            yield return new ImportRow(row, Cell("source"), Cell("externalId"), new CustomerInput
            {
                Name = Cell("name"),
                Tier = Cell("tier")?.ToLowerInvariant(),
                Kind = Cell("kind")?.ToLowerInvariant(),
                AccountManager = Cell("accountManager"),
                CreditCode = Cell("creditCode"),
                LifecycleStatus = LifecycleStatus(Cell("lifecycleStatus")),
                Language = Cell("language"),
                Contacts = email is null && phone is null && weChat is null ? [] : [new Contact(contactName, null, phone, email, weChat, IsPrimary: true)],
                Tags = Cell("tags")?.Split([';', '|'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                CustomFields = custom,
            }, present);
        }
        if (index is null) throw new ImportFileException("file", "The file is empty: the first line must be the header.");
    }

    /// <summary>A status in any case ("Churned", "atrisk") as Csm spells it; anything else as it came, for the validator to name.</summary>
    private static string? LifecycleStatus(string? cell) =>
        Vocabulary.LifecycleStatuses.FirstOrDefault(s => string.Equals(s, cell, StringComparison.OrdinalIgnoreCase)) ?? cell;

    /// <summary>Csm's own name for a column (any case), or cf.&lt;key&gt; for a defined custom field; null when it is neither.</summary>
    public static string? Known(string name, ICollection<string> customFieldKeys)
    {
        var known = Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
        if (known is null && name.StartsWith("cf.", StringComparison.OrdinalIgnoreCase) && customFieldKeys.Contains(name[3..])) known = "cf." + name[3..];
        return known;
    }

    private static Dictionary<string, int> MapHeader(string[] header, ICollection<string> customFieldKeys)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i];
            var known = Known(name, customFieldKeys);
            if (known is null)
                throw new ImportFileException("header", $"Unknown column '{name}' (column {i + 1}). Known columns: {string.Join(", ", Columns)}, " +
                    "and cf.<key> for each custom field" + (customFieldKeys.Count == 0 ? " (none are defined)." : $" ({string.Join(", ", customFieldKeys)})."));
            if (!index.TryAdd(known, i)) throw new ImportFileException("header", $"Column '{name}' appears twice.");
        }
        return index;
    }

    private sealed record JsonRow : CustomerInput
    {
        public string? Source { get; init; }
        public string? ExternalId { get; init; }
    }

    public static async Task<List<ImportRow>> ReadJsonAsync(Stream body, JsonSerializerOptions options, CancellationToken ct)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException e)
        {
            throw new ImportFileException("file", $"The body is not valid JSON: {e.Message}");
        }
        using (document)
        {
            var items = document.RootElement.ValueKind == JsonValueKind.Array ? document.RootElement
                : document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("items", out var i) && i.ValueKind == JsonValueKind.Array ? i
                : throw new ImportFileException("file", "Send an array of customers, or an object with an \"items\" array.");
            var rows = new List<ImportRow>();
            var n = 0;
            foreach (var element in items.EnumerateArray())
            {
                n++;
                JsonRow? row;
                try
                {
                    row = element.Deserialize<JsonRow>(options);
                }
                catch (JsonException e)
                {
                    rows.Add(new ImportRow(n, null, null, new CustomerInput(), new HashSet<string>(), Unreadable: e.Path is null or "$" ? "$" : e.Path.TrimStart('$', '.')));
                    continue;
                }
                if (row is null) continue;
                rows.Add(new ImportRow(n, row.Source, row.ExternalId, row, ImportMerge.FieldsOf(element)));
            }
            return rows;
        }
    }
}

using System.Text.Json;

namespace Csm.Modules.Customers.Import;

/// <summary>
/// How a source system's CSV becomes Csm's columns: <see cref="Columns"/> names, for a Csm column, the file column it
/// is read from (e.g. externalId ← customerID, and name ← customerID too); <see cref="Constants"/> gives a Csm column one
/// value for every row (e.g. tier = standard). A file column that is neither named nor one of Csm's is ignored. Sent with
/// an import (<c>?mapping=</c>) or saved per source.
/// </summary>
internal sealed record ImportMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    /// <summary>Csm column → the file column it is read from.</summary>
    public IReadOnlyDictionary<string, string> Columns { get; init; } = new Dictionary<string, string>();
    /// <summary>Csm column → one value for every row.</summary>
    public IReadOnlyDictionary<string, string> Constants { get; init; } = new Dictionary<string, string>();
    /// <summary>Csm column → the file's value → Csm's (e.g. lifecycleStatus: Yes → churned, No → active); a value not listed is read as it is.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    public static ImportMapping Parse(string json)
    {
        try
        {
            var mapping = JsonSerializer.Deserialize<ImportMapping>(json, Json) ?? throw new ImportFileException("mapping", "The mapping is empty.");
            // JSON may say null where a map belongs, or for a column's target: read as nothing mapped, and an unnamed target.
            return mapping with
            {
                Columns = (mapping.Columns ?? new Dictionary<string, string>()).ToDictionary(c => c.Key, c => c.Value ?? ""),
                Constants = (mapping.Constants ?? new Dictionary<string, string>()).ToDictionary(c => c.Key, c => c.Value ?? ""),
                Values = (mapping.Values ?? new Dictionary<string, IReadOnlyDictionary<string, string>>()).ToDictionary(v => v.Key,
                    v => (IReadOnlyDictionary<string, string>)(v.Value ?? new Dictionary<string, string>())
                        .Where(p => p.Key is not null).ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.OrdinalIgnoreCase)),
            };
        }
        catch (JsonException e)
        {
            throw new ImportFileException("mapping", $"The mapping is not {{\"columns\": {{\"Csm column\": \"file column\"}}, \"constants\": {{\"Csm column\": \"value\"}}}}: {e.Message}");
        }
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The mapping's own mistakes, by field: a Csm column that does not exist, one both read and constant, a key given as a constant.</summary>
    public Dictionary<string, string[]> Problems(ICollection<string> customFieldKeys)
    {
        var problems = new Dictionary<string, string[]>();
        string Unknown(string column) => $"'{column}' is not a Csm column; those are: {string.Join(", ", ImportFile.Columns)}, and cf.<key> for a custom field.";
        foreach (var (column, from) in Columns)
        {
            if (ImportFile.Known(column, customFieldKeys) is null) problems[$"mapping.columns.{column}"] = [Unknown(column)];
            else if (string.IsNullOrWhiteSpace(from)) problems[$"mapping.columns.{column}"] = ["Name the file column it is read from."];
        }
        foreach (var (column, _) in Constants)
        {
            var known = ImportFile.Known(column, customFieldKeys);
            if (known is null) problems[$"mapping.constants.{column}"] = [Unknown(column)];
            else if (known is "externalId" or "source") problems[$"mapping.constants.{column}"] = [$"Every row has its own {known}; it cannot be one value for all."];
            else if (Columns.Keys.Any(k => ImportFile.Known(k, customFieldKeys) == known)) problems[$"mapping.constants.{column}"] = [$"'{known}' is also read from a file column."];
        }
        foreach (var (column, _) in Values)
        {
            if (ImportFile.Known(column, customFieldKeys) is null) problems[$"mapping.values.{column}"] = [Unknown(column)];
        }
        return problems;
    }

    /// <summary>The value a file cell stands for in Csm, by the mapping's <see cref="Values"/>.</summary>
    public string? Translate(string column, string? cell) =>
        cell is not null && Values.FirstOrDefault(v => string.Equals(v.Key, column, StringComparison.OrdinalIgnoreCase)).Value is { } values
            && values.TryGetValue(cell, out var value) ? value : cell;

    /// <summary>The constants by Csm's own column names (a mapping may write "Tier" for "tier").</summary>
    public Dictionary<string, string> KnownConstants(ICollection<string> customFieldKeys) =>
        Constants.Where(c => ImportFile.Known(c.Key, customFieldKeys) is not null)
            .ToDictionary(c => ImportFile.Known(c.Key, customFieldKeys)!, c => c.Value, StringComparer.Ordinal);

    /// <summary>The header's positions by Csm column. A file column the mapping names but the file lacks is refused by name.</summary>
    public Dictionary<string, int> Apply(string[] header, ICollection<string> customFieldKeys)
    {
        if (Problems(customFieldKeys).FirstOrDefault() is { Key: { } field } problem) throw new ImportFileException(field, problem.Value[0]);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (column, from) in Columns)
        {
            var at = Array.FindIndex(header, h => string.Equals(h, from, StringComparison.OrdinalIgnoreCase));
            if (at < 0) throw new ImportFileException($"mapping.columns.{column}", $"The file has no column '{from}'; its columns are: {string.Join(", ", header)}.");
            index[ImportFile.Known(column, customFieldKeys)!] = at;
        }
        var constants = KnownConstants(customFieldKeys);
        for (var i = 0; i < header.Length; i++)
        {
            // A file column with one of Csm's names is read as that column, unless the mapping fills it otherwise.
            if (ImportFile.Known(header[i], customFieldKeys) is { } own && !index.ContainsKey(own) && !constants.ContainsKey(own)) index[own] = i;
        }
        return index;
    }
}

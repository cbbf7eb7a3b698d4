using System.Text;
using System.Text.Json;

namespace Csm.BuildingBlocks.Data;

/// <summary>Many rows as the text of one JSON array, for a statement that opens it with <see cref="ISqlDialect.JsonRows"/>.</summary>
public static class JsonRows
{
    /// <summary>The rows as a JSON array; <paramref name="writeRow"/> writes one element (an object or an array) per row.</summary>
    public static string Text<T>(IEnumerable<T> rows, Action<Utf8JsonWriter, T> writeRow)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var row in rows) writeRow(w, row);
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>A time as a JSON row carries it: the UTC text DapperSetup stores, so it compares as stored times do on SQLite.</summary>
    public static string Time(DateTimeOffset value) => DapperSetup.Text(value);

    /// <summary>A number member of a row, or null.</summary>
    public static void Number(Utf8JsonWriter w, string key, long? value)
    {
        if (value is { } v) w.WriteNumber(key, v);
        else w.WriteNull(key);
    }
}

using System.Text;

namespace Csm.Modules.Customers.Import;

/// <summary>
/// RFC 4180 records from a text reader: quoted fields with commas, doubled quotes and line breaks inside, CRLF or LF.
/// Small and allocation-light, so an import is bound by the database, not the parser.
/// </summary>
internal static class CsvRecords
{
    public static async IAsyncEnumerable<List<string>> ReadAsync(TextReader reader)
    {
        var buffer = new char[64 * 1024];
        var field = new StringBuilder();
        var record = new List<string>();
        var inQuotes = false;
        var quoteSeen = false; // the previous char closed a quote: "" is an escaped quote
        var pendingCr = false;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory())) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                var ch = buffer[i];
                if (pendingCr)
                {
                    pendingCr = false;
                    if (ch == '\n') continue;
                }
                if (inQuotes)
                {
                    if (ch == '"') { inQuotes = false; quoteSeen = true; }
                    else field.Append(ch);
                    continue;
                }
                if (ch == '"')
                {
                    if (quoteSeen) field.Append('"');
                    inQuotes = true;
                    quoteSeen = false;
                    continue;
                }
                quoteSeen = false;
                switch (ch)
                {
                    case ',':
                        record.Add(field.ToString());
                        field.Clear();
                        break;
                    case '\r' or '\n':
                        pendingCr = ch == '\r';
                        record.Add(field.ToString());
                        field.Clear();
                        if (record.Count > 1 || record[0].Length > 0) yield return record;
                        record = [];
                        break;
                    default:
                        field.Append(ch);
                        break;
                }
            }
        }
        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            yield return record;
        }
    }
}

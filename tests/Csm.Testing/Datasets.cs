using System.Text;

namespace Csm.Testing;

/// <summary>
/// The shared public datasets (../shared/datasets beside the repository; CSM_DATASETS overrides). They are read
/// where they are and never copied into the repository.
/// </summary>
public static class Datasets
{
    public static string? Find(string fileName)
    {
        var configured = Environment.GetEnvironmentVariable("CSM_DATASETS");
        if (!string.IsNullOrEmpty(configured)) return File.Exists(Path.Combine(configured, fileName)) ? Path.Combine(configured, fileName) : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "datasets", fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>RFC 4180 records of a whole file: quoted fields may hold commas, doubled quotes and line breaks; blank lines are skipped.</summary>
    public static List<string[]> ReadCsv(string path)
    {
        var text = File.ReadAllText(path, Encoding.UTF8);
        var records = new List<string[]>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        void EndRecord()
        {
            record.Add(field.ToString());
            field.Clear();
            if (record.Count > 1 || record[0].Length > 0) records.Add([.. record]);
            record.Clear();
        }
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else field.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (ch is '\n' or '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                EndRecord();
            }
            else field.Append(ch);
        }
        if (field.Length > 0 || record.Count > 0) EndRecord();
        return records;
    }
}

using System.Globalization;
using System.Text;

namespace Csm.BuildingBlocks.Blobs;

/// <summary>
/// The name of a file someone sent, made safe to show and to offer as a download name. It is never a path on disk (a blob
/// is stored under its hash): only the last segment is kept ("../../x" is "x"), without control and direction characters
/// or those no file system takes, at most 200 characters, the extension kept.
/// </summary>
public static class FileName
{
    public const int MaxLength = 200;
    private const string Fallback = "file";
    private static readonly char[] NotInNames = ['<', '>', ':', '"', '|', '?', '*'];

    public static string Clean(string? sent)
    {
        var name = (sent ?? "").Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..];
        var kept = new StringBuilder(name.Length);
        foreach (var c in name.Normalize(NormalizationForm.FormC))
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || NotInNames.Contains(c)) continue;
            kept.Append(char.IsWhiteSpace(c) ? ' ' : c);
        }
        name = kept.ToString().Trim().TrimStart('.').TrimEnd('.', ' ');
        if (name.Length > MaxLength)
        {
            var extension = Path.GetExtension(name);
            if (extension.Length > 20) extension = "";
            var cut = MaxLength - extension.Length;
            if (char.IsHighSurrogate(name[cut - 1])) cut--;
            name = name[..cut].TrimEnd() + extension;
        }
        return name.Length == 0 ? Fallback : name;
    }
}

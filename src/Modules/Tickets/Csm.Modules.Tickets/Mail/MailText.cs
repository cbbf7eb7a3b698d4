using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Csm.Modules.Tickets.Mail;

/// <summary>
/// What a person wrote in an e-mail, as text: HTML is turned into text (never kept or shown as HTML, so a
/// <c>&lt;script&gt;</c> is only words), and the earlier mail a reply quotes is cut where it is clearly marked (a
/// blockquote, "On … wrote:", "-----Original Message-----", "在 … 写道：", an Outlook "From:/发件人:" block, lines
/// starting with "&gt;").
/// </summary>
internal static partial class MailText
{
    public const int MaxLength = 20_000;

    /// <summary>The message's words: the text part when there is one, else the HTML part as text; quotes trimmed.</summary>
    public static string Body(string? text, string? html)
    {
        var words = !string.IsNullOrWhiteSpace(text) ? text : string.IsNullOrWhiteSpace(html) ? "" : FromHtml(html);
        var trimmed = TrimQuoted(words.Replace("\r\n", "\n").Replace('\r', '\n'));
        // Control characters other than line breaks and tabs (and the NUL PostgreSQL cannot store) are dropped.
        var clean = new string(trimmed.Where(c => c is '\n' or '\t' || !char.IsControl(c)).ToArray()).Trim();
        return clean.Length <= MaxLength ? clean : clean[..(MaxLength - 1)] + "…";
    }

    /// <summary>HTML as the text a reader sees: blocks on lines of their own, scripts, styles and quoted mail left out.</summary>
    public static string FromHtml(string html)
    {
        var document = new HtmlParser().ParseDocument(html);
        foreach (var element in document.QuerySelectorAll("script, style, head, template, blockquote, .gmail_quote, #divRplyFwdMsg, #appendonsend").ToList())
            element.Remove();
        var text = new StringBuilder();
        Walk(document.Body ?? (INode)document, text);
        return BlankLines().Replace(text.ToString(), "\n\n").Trim();
    }

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
        { "P", "DIV", "TR", "LI", "H1", "H2", "H3", "H4", "H5", "H6", "TABLE", "UL", "OL", "PRE", "HR", "SECTION", "ARTICLE" };

    private static void Walk(INode node, StringBuilder text)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    text.Append(Spaces().Replace(t.Data, " "));
                    break;
                case IElement { TagName: "BR" }:
                    text.Append('\n');
                    break;
                case IElement e:
                    var block = Blocks.Contains(e.TagName);
                    if (block) text.Append('\n');
                    if (e.TagName == "TD") text.Append(' ');
                    Walk(e, text);
                    if (block) text.Append('\n');
                    break;
            }
        }
    }

    /// <summary>The reply without the earlier mail it quotes below it, when the quote is clearly marked.</summary>
    public static string TrimQuoted(string text)
    {
        var lines = text.Split('\n');
        var end = lines.Length;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (QuoteMarker().IsMatch(line) || OutlookHeader(lines, i))
            {
                end = i;
                break;
            }
            // "On Mon, 1 Dec 2026, Li Na <li.na@example.cn> wrote:" may be wrapped over two lines.
            if (i + 1 < lines.Length && WroteOverTwoLines().IsMatch(line + " " + lines[i + 1].Trim()) && lines[i + 1].Trim().EndsWith(':'))
            {
                end = i;
                break;
            }
        }
        // Whatever is left at the end that only quotes (">" lines and blank lines) goes too.
        while (end > 0 && (lines[end - 1].TrimStart().StartsWith('>') || string.IsNullOrWhiteSpace(lines[end - 1]))) end--;
        var kept = string.Join("\n", lines[..end]).Trim();
        return kept.Length > 0 ? kept : text.Trim();
    }

    /// <summary>Outlook's quote header: a "From:" (发件人) line followed soon by a "Sent:"/"Date:" (发送时间/日期) line.</summary>
    private static bool OutlookHeader(string[] lines, int i)
    {
        if (!FromLine().IsMatch(lines[i].Trim())) return false;
        for (var j = i + 1; j < Math.Min(lines.Length, i + 4); j++)
            if (SentLine().IsMatch(lines[j].Trim())) return true;
        return false;
    }

    [GeneratedRegex(@"^(-{2,}\s*(Original Message|Forwarded message|原始邮件|原始郵件|转发的邮件)\s*-{2,}|On .{4,200} wrote:$|在.{2,200}写道[:：]$|.{2,200}于.{2,100}写道[:：]$)", RegexOptions.IgnoreCase)]
    private static partial Regex QuoteMarker();

    [GeneratedRegex(@"^On .{4,300} wrote:$", RegexOptions.IgnoreCase)]
    private static partial Regex WroteOverTwoLines();

    [GeneratedRegex(@"^\*?(From|发件人|寄件者)\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^\*?(Sent|Date|发送时间|日期|寄件日期)\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex SentLine();

    [GeneratedRegex(@"[ \t\r\n\u00a0]+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"[ \t]*\n[ \t\n]*\n")]
    private static partial Regex BlankLines();
}

using System.Globalization;
using System.Net;
using System.Text;
using Csm.Modules.Surveys.Data;

namespace Csm.Modules.Surveys.Delivery;

/// <summary>
/// The HTML part of an e-mail invitation: the survey's first scale as links, each opening the survey page with that
/// score chosen ({link}?score=N) and the rest of the form. Following a link records nothing — the answer is stored only
/// when the person submits — so a mail scanner that opens every link answers nothing. Everything taken from data is
/// HTML-encoded; the layout is a table with inline styles, as mail clients need.
/// </summary>
internal static class OneClickScale
{
    private static (string Low, string High) Ends(QuestionKind kind, bool chinese) => (kind, chinese) switch
    {
        (QuestionKind.Nps, true) => ("完全不可能", "非常可能"),
        (QuestionKind.Nps, false) => ("Not at all likely", "Extremely likely"),
        (QuestionKind.Csat, true) => ("非常不满意", "非常满意"),
        (QuestionKind.Csat, false) => ("Very dissatisfied", "Very satisfied"),
        (QuestionKind.Ces, true) => ("非常容易", "非常困难"),
        (QuestionKind.Ces, false) => ("Very easy", "Very difficult"),
        (_, true) => ("很差", "很好"),
        (_, false) => ("Poor", "Excellent"),
    };

    /// <summary>The first question with a score, the one the links answer; null when the survey has none.</summary>
    public static Question? Of(SurveyDefinition survey) => survey.Questions.FirstOrDefault(q => q.IsScored);

    public static string Html(string language, Question? scale, string link, IReadOnlyList<string> paragraphs, string footer)
    {
        var chinese = Languages.IsChinese(language);
        var e = (string text) => WebUtility.HtmlEncode(text);
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!doctype html><html lang=\"{(chinese ? "zh-CN" : "en")}\"><head><meta charset=\"utf-8\"></head>")
            .Append("<body style=\"margin:0;padding:24px;font-family:-apple-system,'PingFang SC','Microsoft YaHei',Arial,sans-serif;color:#1f2937;font-size:15px;line-height:1.6\">");
        foreach (var paragraph in paragraphs) html.Append("<p style=\"margin:0 0 12px\">").Append(e(paragraph)).Append("</p>");
        if (scale?.Range is { } range)
        {
            var (min, max) = range;
            var (low, high) = Ends(scale.Kind, chinese);
            html.Append("<p style=\"margin:16px 0 8px;font-weight:600\">").Append(e(scale.Text.In(language))).Append("</p>")
                .Append("<table role=\"presentation\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\"><tr>");
            for (var score = min; score <= max; score++)
            {
                var n = score.ToString(CultureInfo.InvariantCulture);
                html.Append(CultureInfo.InvariantCulture, $"<td style=\"padding:2px\"><a href=\"{e(link)}?score={n}\" ")
                    .Append(CultureInfo.InvariantCulture, $"aria-label=\"{e(n)}\" style=\"display:inline-block;min-width:30px;padding:8px 0;text-align:center;border:1px solid #1d4ed8;border-radius:4px;color:#1d4ed8;text-decoration:none;font-weight:600\">{n}</a></td>");
            }
            html.Append("</tr></table>")
                .Append("<table role=\"presentation\" cellspacing=\"0\" cellpadding=\"0\" border=\"0\" style=\"width:100%;max-width:")
                .Append((max - min + 1) * 34).Append("px\"><tr>")
                .Append("<td style=\"font-size:12px;color:#6b7280\">").Append(e(low)).Append("</td>")
                .Append("<td style=\"font-size:12px;color:#6b7280;text-align:right\">").Append(e(high)).Append("</td></tr></table>")
                .Append("<p style=\"margin:8px 0 16px;font-size:13px;color:#6b7280\">")
                .Append(e(chinese ? "点一个分数即可打开问卷并选好这个分数；提交后才会记录。" : "A click opens the survey with that score chosen; nothing is recorded until you submit."))
                .Append("</p>");
        }
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:0 0 12px\"><a href=\"{e(link)}\" style=\"color:#1d4ed8\">")
            .Append(e(chinese ? "打开问卷" : "Open the survey")).Append("</a></p>")
            .Append("<p style=\"margin:16px 0 0;font-size:12px;color:#6b7280\">").Append(e(footer)).Append("</p></body></html>");
        return html.ToString();
    }
}

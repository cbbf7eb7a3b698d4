using System.Text;
using Csm.Modules.Reports.Features;

namespace Csm.Modules.Reports.Subscriptions;

/// <summary>The weekly VOC digest's body: the top themes among detractors and the week's new terms, three verbatims each.</summary>
internal static class VocDigestText
{
    public static void Write(StringBuilder text, VoiceOfCustomerReport.Response voc, RisingTerms.Response rising, bool zh)
    {
        text.Append(zh ? "贬损者提及最多的主题：" : "Top themes among detractors:").Append('\n');
        if (voc.Detractors.Count == 0) text.Append(zh ? "（本期没有）" : "(none this period)").Append('\n');
        foreach (var theme in voc.Detractors)
        {
            text.Append("- ").Append(theme.Name).Append(zh ? "：" : ": ").Append(theme.Mentions)
                .Append(zh ? " 次提及" : " mentions");
            if (theme.Share is { } share) text.Append(" (").Append(SubscribedReports.Format(share, zh)).Append("%)");
            text.Append('\n');
            foreach (var v in theme.Verbatims) Quote(text, v.Comment);
        }
        text.Append('\n').Append(zh ? "本周新出现的词：" : "New terms of the week:").Append('\n');
        if (rising.Terms.Count == 0) text.Append(zh ? "（本期没有）" : "(none this period)").Append('\n');
        foreach (var term in rising.Terms)
        {
            text.Append("- ").Append(term.Text).Append(zh ? $"：{term.Current} 条评论（上期 {term.Previous}）" : $": {term.Current} comments ({term.Previous} before)").Append('\n');
            foreach (var v in term.Verbatims) Quote(text, v.Comment);
        }
    }

    private static void Quote(StringBuilder text, string comment)
    {
        var line = comment.ReplaceLineEndings(" ");
        text.Append("    “").Append(line.Length > 200 ? line[..200] + "…" : line).Append("”\n");
    }
}

using System.Globalization;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Surveys.Data;

namespace Csm.Modules.Surveys.Delivery;

/// <summary>
/// The invitation and reminder texts, in the recipient's language: an e-mail's subject and body are templates managers may
/// rewrite (Settings → 消息模板); its HTML part shows the body's paragraphs and the survey's scale as one-click links
/// (<see cref="OneClickScale"/>). An SMS is a short fixed text. Times are shown in China Standard Time.
/// </summary>
internal static class InvitationMessages
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly string[] Fields = ["customerName", "surveyTitle", "surveyLink", "validUntil"];

    public static readonly MessageKind[] Kinds =
    [
        new(SurveyMessages.Invitation, SurveyMessages.Module, Fields,
            new("{{surveyTitle}}：一分钟告诉我们您的感受",
                "{{customerName}}，您好！\n\n感谢您选择我们。请花一分钟完成“{{surveyTitle}}”：\n{{surveyLink}}\n\n链接仅供您本人使用，{{validUntil}}（北京时间）前有效。"),
            new("{{surveyTitle}}: one minute to tell us how we did",
                "Hello {{customerName}},\n\nThank you for choosing us. Please take one minute to answer \"{{surveyTitle}}\":\n{{surveyLink}}\n\nThe link is for you only and valid until {{validUntil}} (China Standard Time).")),
        new(SurveyMessages.Reminder, SurveyMessages.Module, Fields,
            new("【提醒】{{surveyTitle}}：一分钟告诉我们您的感受",
                "【提醒】{{customerName}}，您好！\n\n感谢您选择我们。请花一分钟完成“{{surveyTitle}}”：\n{{surveyLink}}\n\n链接仅供您本人使用，{{validUntil}}（北京时间）前有效。"),
            new("Reminder: {{surveyTitle}}: one minute to tell us how we did",
                "Reminder: Hello {{customerName}},\n\nThank you for choosing us. Please take one minute to answer \"{{surveyTitle}}\":\n{{surveyLink}}\n\nThe link is for you only and valid until {{validUntil}} (China Standard Time).")),
    ];

    /// <summary>The placeholders' values for one recipient.</summary>
    public static Dictionary<string, string?> Values(string language, SurveyDefinition survey, string? firstName, string link, DateTimeOffset expiresAt) => new()
    {
        ["customerName"] = firstName ?? (Languages.IsChinese(language) ? "尊敬的客户" : "valued customer"),
        ["surveyTitle"] = survey.Title.In(language),
        ["surveyLink"] = link,
        ["validUntil"] = expiresAt.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
    };

    /// <param name="email">The e-mail's template text in the recipient's language (unused for an SMS).</param>
    public static (string? Subject, string Body, string? Html) Render(
        MessageText email, string channel, string language, SurveyDefinition survey, string? firstName, string link, DateTimeOffset expiresAt, bool reminder = false)
    {
        var values = Values(language, survey, firstName, link, expiresAt);
        if (channel == Channels.Sms)
        {
            var chinese = Languages.IsChinese(language);
            var mark = reminder ? (chinese ? "【提醒】" : "Reminder: ") : "";
            return (null, mark + (chinese
                ? $"{(firstName is null ? "您好" : $"{firstName}，您好")}！邀请您用一分钟评价我们的服务：{link}（{values["validUntil"]}前有效）"
                : $"{(firstName is null ? "Hello" : $"Hello {firstName}")}, how did we do? One minute: {link} (valid until {values["validUntil"]} CST)"), null);
        }
        var text = Placeholders.Render(email.Body, values);
        // The HTML shows the text's paragraphs, the link's own line giving way to the scale and the button; the last
        // paragraph (after at least two) is the small print.
        var paragraphs = text.ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => string.Join("\n", p.Split('\n').Where(line => line.Trim() != link)).Trim())
            .Where(p => p.Length > 0).ToList();
        var footer = paragraphs.Count > 2 ? paragraphs[^1] : "";
        if (footer.Length > 0) paragraphs.RemoveAt(paragraphs.Count - 1);
        return (Placeholders.Render(email.Subject, values), text, OneClickScale.Html(language, OneClickScale.Of(survey), link, paragraphs, footer));
    }
}

internal static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Link = "link";

    public static readonly string[] All = [Email, Sms, Link];
}

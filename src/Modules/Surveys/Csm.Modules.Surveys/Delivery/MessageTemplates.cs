using System.Globalization;
using Csm.Modules.Surveys.Data;

namespace Csm.Modules.Surveys.Delivery;

/// <summary>
/// The invitation texts, in the recipient's language. Times are shown in China Standard Time. An e-mail has a plain
/// text part and an HTML part with the survey's scale as one-click links (<see cref="OneClickScale"/>); an SMS is text.
/// </summary>
internal static class MessageTemplates
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static (string? Subject, string Body, string? Html) Render(
        string channel, string language, SurveyDefinition survey, string? firstName, string link, DateTimeOffset expiresAt, bool reminder = false)
    {
        var until = expiresAt.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var title = survey.Title.In(language);
        var chinese = Languages.IsChinese(language);
        var mark = reminder ? (chinese ? "【提醒】" : "Reminder: ") : "";
        if (channel == Channels.Sms)
        {
            return (null, mark + (chinese
                ? $"{(firstName is null ? "您好" : $"{firstName}，您好")}！邀请您用一分钟评价我们的服务：{link}（{until}前有效）"
                : $"{(firstName is null ? "Hello" : $"Hello {firstName}")}, how did we do? One minute: {link} (valid until {until} CST)"), null);
        }
        var subject = mark + (chinese ? $"{title}：一分钟告诉我们您的感受" : $"{title}: one minute to tell us how we did");
        string[] paragraphs = chinese
            ? [mark + (firstName is null ? "您好！" : $"{firstName}，您好！"), $"感谢您选择我们。请花一分钟完成“{title}”："]
            : [mark + (firstName is null ? "Hello," : $"Hello {firstName},"), $"Thank you for choosing us. Please take one minute to answer \"{title}\":"];
        var footer = chinese ? $"链接仅供您本人使用，{until}（北京时间）前有效。" : $"The link is for you only and valid until {until} (China Standard Time).";
        var text = $"{paragraphs[0]}\r\n\r\n{paragraphs[1]}\r\n{link}\r\n\r\n{footer}\r\n";
        return (subject, text, OneClickScale.Html(language, OneClickScale.Of(survey), link, paragraphs, footer));
    }
}

internal static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Link = "link";

    public static readonly string[] All = [Email, Sms, Link];
}

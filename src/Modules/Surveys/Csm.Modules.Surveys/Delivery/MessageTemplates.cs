using System.Globalization;
using Csm.Modules.Surveys.Data;

namespace Csm.Modules.Surveys.Delivery;

/// <summary>The invitation texts, in the recipient's language. Times are shown in China Standard Time.</summary>
internal static class MessageTemplates
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    public static (string? Subject, string Body) Render(
        string channel, string language, LocalizedText title, string? firstName, string link, DateTimeOffset expiresAt, bool reminder = false)
    {
        var (subject, body) = Invitation(channel, language, title, firstName, link, expiresAt);
        if (!reminder) return (subject, body);
        return Languages.IsChinese(language)
            ? (subject is null ? null : "【提醒】" + subject, "【提醒】" + body)
            : (subject is null ? null : "Reminder: " + subject, "Reminder: " + body);
    }

    private static (string? Subject, string Body) Invitation(string channel, string language, LocalizedText title, string? firstName, string link, DateTimeOffset expiresAt)
    {
        var until = expiresAt.ToOffset(Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var surveyTitle = title.In(language);
        if (Languages.IsChinese(language))
        {
            var greeting = firstName is null ? "您好" : $"{firstName}，您好";
            return channel == Channels.Sms
                ? (null, $"{greeting}！邀请您用一分钟评价我们的服务：{link}（{until}前有效）")
                : ($"{surveyTitle}：一分钟告诉我们您的感受",
                   $"{greeting}！\r\n\r\n感谢您选择我们。请花一分钟完成“{surveyTitle}”：\r\n{link}\r\n\r\n链接仅供您本人使用，{until}（北京时间）前有效。\r\n");
        }
        var hello = firstName is null ? "Hello" : $"Hello {firstName}";
        return channel == Channels.Sms
            ? (null, $"{hello}, how did we do? One minute: {link} (valid until {until} CST)")
            : ($"{surveyTitle}: one minute to tell us how we did",
               $"{hello},\r\n\r\nThank you for choosing us. Please take one minute to answer \"{surveyTitle}\":\r\n{link}\r\n\r\nThe link is for you only and valid until {until} (China Standard Time).\r\n");
    }
}

internal static class Channels
{
    public const string Email = "email";
    public const string Sms = "sms";
    public const string Link = "link";

    public static readonly string[] All = [Email, Sms, Link];
}

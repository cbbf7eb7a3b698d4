namespace Csm.Modules.Rules.Templates;

/// <summary>
/// The texts of the messages rules send to customers, in Chinese and English: a sendEmail action that names a template
/// is written in the customer's language. Placeholders are the rules' own ({{customerName}}, any fact).
/// </summary>
internal static class CustomerMessages
{
    public const string ContractCare = "contractCare";
    public const string MaintenanceReminder = "maintenanceReminder";

    public sealed record Text(string Subject, string Body);

    private static readonly Dictionary<string, (Text Chinese, Text English)> All = new(StringComparer.Ordinal)
    {
        [ContractCare] = (
            new("{{customerName}}，感谢一路同行：您的合同将于 {{daysToContractEnd}} 天后到期",
                "尊敬的 {{customerName}}：\n\n感谢您一直以来的信任与支持。您的服务合同将于 {{daysToContractEnd}} 天后到期，您的客户经理会尽快与您联系，商谈后续服务安排。\n\n如有任何问题，欢迎直接回复本邮件。"),
            new("{{customerName}}, thank you for working with us",
                "Dear {{customerName}},\n\nthank you for your trust. Your service contract ends in {{daysToContractEnd}} days; your account manager will be in touch about continuing our service.\n\nReply to this e-mail with any question.")),
        [MaintenanceReminder] = (
            new("保养提醒：您的设备将在 {{daysToNextMaintenance}} 天后到期保养",
                "尊敬的 {{customerName}}：\n\n您的设备将在 {{daysToNextMaintenance}} 天后到期保养。我们的工程师会与您联系预约上门时间，保障设备稳定运行。"),
            new("Maintenance due in {{daysToNextMaintenance}} days",
                "Dear {{customerName}},\n\nmaintenance of your equipment is due in {{daysToNextMaintenance}} days. We will contact you to book a visit.")),
    };

    public static IReadOnlyCollection<string> Names => All.Keys;

    public static Text? Find(string name, string? language) =>
        All.TryGetValue(name, out var t) ? (language?.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true ? t.Chinese : t.English) : null;

    /// <summary>Every text of a template in both languages, so its placeholders are checked and its facts read.</summary>
    public static IEnumerable<string> TextsOf(string? name) =>
        name is not null && All.TryGetValue(name, out var t) ? [t.Chinese.Subject, t.Chinese.Body, t.English.Subject, t.English.Body] : [];
}

using Csm.BuildingBlocks.Templates;

namespace Csm.Modules.Rules.Templates;

/// <summary>
/// The kinds of message rules send, with their default texts in Chinese and English; managers may rewrite them
/// (Settings → 消息模板). A sendEmail action that names a template is written in the customer's language; a notify
/// reaches staff with <see cref="StaffNotification"/>.
/// </summary>
internal static class CustomerMessages
{
    public const string ContractCare = "contractCare";
    public const string MaintenanceReminder = "maintenanceReminder";
    public const string StaffNotification = "staffNotification";

    public static readonly MessageKind[] Kinds =
    [
        new(ContractCare, Evaluation.ActionRunner.Module, ["customerName", "accountManager", "contractNumber", "daysToContractEnd", "contractEndDate", "today"],
            new("{{customerName}}，感谢一路同行：您的合同将于 {{daysToContractEnd}} 天后到期",
                "尊敬的 {{customerName}}：\n\n感谢您一直以来的信任与支持。您的服务合同 {{contractNumber}} 将于 {{daysToContractEnd}} 天后（{{contractEndDate}}）到期，您的客户经理会尽快与您联系，商谈后续服务安排。\n\n如有任何问题，欢迎直接回复本邮件。"),
            new("{{customerName}}, thank you for working with us",
                "Dear {{customerName}},\n\nthank you for your trust. Your service contract {{contractNumber}} ends in {{daysToContractEnd}} days ({{contractEndDate}}); your account manager will be in touch about continuing our service.\n\nReply to this e-mail with any question.")),
        new(MaintenanceReminder, Evaluation.ActionRunner.Module, ["customerName", "accountManager", "nextMaintenanceModel", "daysToNextMaintenance", "maintenanceDueDate", "today"],
            new("保养提醒：您的设备将在 {{daysToNextMaintenance}} 天后到期保养",
                "尊敬的 {{customerName}}：\n\n您的设备 {{nextMaintenanceModel}} 将在 {{daysToNextMaintenance}} 天后（{{maintenanceDueDate}}）到期保养。我们的工程师会与您联系预约上门时间，保障设备稳定运行。"),
            new("Maintenance due in {{daysToNextMaintenance}} days",
                "Dear {{customerName}},\n\nmaintenance of your {{nextMaintenanceModel}} is due in {{daysToNextMaintenance}} days ({{maintenanceDueDate}}). We will contact you to book a visit.")),
        new(StaffNotification, Evaluation.ActionRunner.Module, ["ruleName", "customerName", "message", "reason"],
            new("[Csm] {{ruleName}}：{{customerName}}", "{{message}}\n\n{{reason}}"),
            new("[Csm] {{ruleName}}: {{customerName}}", "{{message}}\n\n{{reason}}")),
    ];

    /// <summary>The templates a sendEmail action may name (staff notifications are a notify's, not an e-mail's).</summary>
    public static IReadOnlyCollection<string> Names { get; } = [ContractCare, MaintenanceReminder];

    /// <summary>Every placeholder a template may use, as text, so the facts behind them are selected whatever a manager wrote.</summary>
    public static IEnumerable<string> TextsOf(string? name) =>
        Kinds.FirstOrDefault(k => k.Name == name) is { } k ? k.Placeholders.Select(p => "{{" + p + "}}") : [];
}

using Csm.Modules.Tickets.Contracts;

namespace Csm.Modules.Tickets.Demo;

/// <summary>One move along a workflow with the fields the stage being left requires.</summary>
internal sealed record DemoStep(string To, IReadOnlyDictionary<string, string>? Fields = null, string? Outcome = null);

/// <summary>What a demo ticket is about and how its workflow is walked, per shipped ticket type.</summary>
internal sealed record DemoStory(
    string TypeCode, TicketKind Kind, string? Team, string Category, string[] Subjects, Func<int, DemoStep[]> Path)
{
    public string Subject(int i) => Subjects[i / 6 % Subjects.Length];

    public string Description(int i) => i % 3 == 2
        ? "Customer called in; details in the first note."
        : "客户来电反映，详见首条备注。";

    public string Reply(long id) => id % 3 == 2
        ? "Hello, we have received your request and an engineer is on it."
        : "您好，我们已收到您的请求，工程师正在处理。";

    /// <summary>Mostly the type's default priority; now and then higher or lower.</summary>
    public TicketPriority? Priority(int i) => i % 11 == 0 ? TicketPriority.Urgent : i % 5 == 0 ? TicketPriority.High : i % 7 == 0 ? TicketPriority.Low : null;
}

internal static class DemoStories
{
    private static Dictionary<string, string> F(string key, string value) => new() { [key] = value };

    private static readonly DemoStory Repair = new("repair", TicketKind.Repair, "field-repair", "hardware",
        ["打印机无法开机 Printer does not power on", "空调不制冷 Air conditioner not cooling", "POS terminal screen flickers",
         "服务器风扇异响 Server fan noise", "Label printer jams every few prints", "投影仪无信号 Projector shows no signal"],
        i => i % 3 == 0
            ? [new("diagnose"), new("partsRequest", F("diagnosis", "主板电源模块故障 Power module failure")),
               new("onSiteRepair", F("partsList", "PSU-220V x1")), new("followUp", F("visitTime", "2026-01-15T14:00:00+08:00")),
               new("closed", F("followUpNote", "客户确认设备正常 Customer confirms it works"))]
            : [new("diagnose"), new("onSiteRepair", F("diagnosis", "传感器脏污 Dirty sensor")),
               new("followUp", F("visitTime", "2026-01-16T10:00:00+08:00")), new("closed", F("followUpNote", "回访满意 Follow-up call done"))]);

    private static readonly DemoStory Complaint = new("complaint", TicketKind.Complaint, "service-desk", "service",
        ["工程师迟到两小时 Engineer arrived two hours late", "Billed twice for one repair", "客服态度不好 Rude phone support",
         "配件发错型号 Wrong spare part delivered"],
        i => i % 4 == 1
            ? [new("investigate"), new("supervisorReview", F("findings", "Repeat issue; goodwill credit proposed")),
               new("resolve", F("decision", "Approve a 10% credit")), new("followUp", F("resolution", "Credit issued")),
               new("closed", F("followUpNote", "Customer accepted the credit"))]
            : [new("investigate"), new("resolve", F("findings", "排班冲突 Scheduling conflict")),
               new("followUp", F("resolution", "致歉并调整排班 Apologised and rescheduled")), new("closed", F("followUpNote", "客户接受 Customer accepted"))]);

    private static readonly DemoStory Inquiry = new("inquiry", TicketKind.Inquiry, "service-desk", "question",
        ["保修期怎么查询？ How do I check my warranty?", "Can I extend my service contract?", "发票抬头如何修改 Changing the invoice title",
         "Where is the user manual for model X200?"],
        _ => [new("answer"), new("closed", F("answer", "已通过电话答复 Answered by phone"))]);

    private static readonly DemoStory Task = new("task", TicketKind.Task, null, "account",
        ["季度回访 Quarterly check-in call", "合同续签提醒 Contract renewal reminder", "Introduce the new maintenance plan"],
        _ => [new("done", Outcome: "reached")]);

    /// <summary>Repairs most often, then inquiries and complaints, and an account manager's task now and then.</summary>
    public static DemoStory Pick(int i) => (i % 6) switch
    {
        0 or 3 => Repair,
        1 or 4 => i % 12 == 1 ? Complaint : Inquiry,
        2 => Complaint,
        _ => Task,
    };
}

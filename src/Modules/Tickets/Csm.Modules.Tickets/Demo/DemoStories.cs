using Csm.Modules.Tickets.Contracts;

namespace Csm.Modules.Tickets.Demo;

/// <summary>One move along a workflow with the fields the stage being left requires.</summary>
internal sealed record DemoStep(string To, IReadOnlyDictionary<string, string>? Fields = null, string? Outcome = null);

/// <summary>A text in both languages: the customer's language picks one.</summary>
internal sealed record Said(string Zh, string En)
{
    public string In(bool chinese) => chinese ? Zh : En;
}

/// <summary>What a demo ticket is about and how its workflow is walked, per shipped ticket type, in the customer's language.</summary>
internal sealed record DemoStory(
    string TypeCode, TicketKind Kind, string? Team, string Category, Said[] Subjects, Said[] Descriptions, Said[] Replies, Func<int, DemoStep[]> Path)
{
    public string Subject(int i, bool chinese) => Subjects[i / 6 % Subjects.Length].In(chinese);

    public string Description(int i, bool chinese) => Descriptions[i / 6 % Descriptions.Length].In(chinese);

    public string Reply(long id, bool chinese) => Replies[(int)(id % Replies.Length)].In(chinese);

    /// <summary>Mostly the type's default priority; now and then higher or lower.</summary>
    public TicketPriority? Priority(int i) => i % 11 == 0 ? TicketPriority.Urgent : i % 5 == 0 ? TicketPriority.High : i % 7 == 0 ? TicketPriority.Low : null;
}

internal static class DemoStories
{
    private static Dictionary<string, string> F(string key, string value) => new() { [key] = value };

    private static readonly DemoStory Repair = new("repair", TicketKind.Repair, "field-repair", "hardware",
        [new("打印机无法开机", "Printer does not power on"), new("空调不制冷，室内 30 度", "Air conditioner not cooling, 30 °C inside"),
         new("收银机屏幕闪烁", "POS terminal screen flickers"), new("机房服务器风扇异响", "Server fan is loud in the machine room"),
         new("标签打印机每打几张就卡纸", "Label printer jams every few prints"), new("会议室投影仪无信号", "Meeting-room projector shows no signal"),
         new("冷柜温度降不下来", "Display fridge will not cool down"), new("门禁读卡器刷卡无反应", "Door card reader does not respond")],
        [new("客户来电：设备今早开始故障，影响营业，希望尽快上门。", "Customer called: the unit failed this morning and business is affected; please send someone soon."),
         new("客户微信留言并附照片，设备报错 E4。", "Customer sent a photo on WeChat: the unit shows error E4."),
         new("门店店长报修，已尝试重启无效。", "Store manager reported it; restarting did not help.")],
        [new("您好，已安排工程师，预计明天上午上门，请保持电话畅通。", "Hello, an engineer is booked for tomorrow morning; please keep your phone on."),
         new("您好，我们先远程排查，稍后工程师会致电您。", "Hello, we are checking remotely first; an engineer will call you shortly."),
         new("您好，备件已下单，到货后第一时间上门更换。", "Hello, the spare part is ordered; we will replace it as soon as it arrives.")],
        i => i % 3 == 0
            ? [new("diagnose"), new("partsRequest", F("diagnosis", "主板电源模块故障 Power module failure")),
               new("onSiteRepair", F("partsList", "PSU-220V x1")), new("followUp", F("visitTime", "2026-01-15T14:00:00+08:00")),
               new("closed", F("followUpNote", "客户确认设备正常 Customer confirms it works"))]
            : [new("diagnose"), new("onSiteRepair", F("diagnosis", "传感器脏污 Dirty sensor")),
               new("followUp", F("visitTime", "2026-01-16T10:00:00+08:00")), new("closed", F("followUpNote", "回访满意 Follow-up call done"))]);

    private static readonly DemoStory Complaint = new("complaint", TicketKind.Complaint, "service-desk", "service",
        [new("工程师迟到两小时，也没提前通知", "Engineer arrived two hours late without warning"), new("一次维修被扣了两次费用", "Billed twice for one repair"),
         new("电话客服态度不好", "Rude phone support"), new("配件发错型号，又等了一周", "Wrong spare part delivered, another week lost"),
         new("同一个故障修了三次还没好", "Same fault repaired three times and still broken")],
        [new("客户来电投诉，情绪激动，要求主管回电。", "Customer called to complain, upset, and asked for a supervisor to call back."),
         new("客户通过邮件投诉，并抄送了采购负责人。", "Customer complained by e-mail and copied their head of purchasing.")],
        [new("非常抱歉给您带来不便，主管今天会亲自致电您。", "We are very sorry; a supervisor will call you personally today."),
         new("抱歉，我们正在核实情况，24 小时内给您答复。", "Sorry about this; we are looking into it and will answer within 24 hours.")],
        i => i % 4 == 1
            ? [new("investigate"), new("supervisorReview", F("findings", "Repeat issue; goodwill credit proposed")),
               new("resolve", F("decision", "Approve a 10% credit")), new("followUp", F("resolution", "Credit issued")),
               new("closed", F("followUpNote", "Customer accepted the credit"))]
            : [new("investigate"), new("resolve", F("findings", "排班冲突 Scheduling conflict")),
               new("followUp", F("resolution", "致歉并调整排班 Apologised and rescheduled")), new("closed", F("followUpNote", "客户接受 Customer accepted"))]);

    private static readonly DemoStory Inquiry = new("inquiry", TicketKind.Inquiry, "service-desk", "question",
        [new("保修期怎么查询？", "How do I check my warranty?"), new("服务合同可以续签吗？", "Can I extend my service contract?"),
         new("发票抬头如何修改", "How do I change the invoice title?"), new("X200 型号的说明书在哪里下载", "Where is the user manual for model X200?"),
         new("上门服务的收费标准是什么", "What do on-site visits cost?"), new("能否增加一个维修联系人", "Can we add a second contact for repairs?")],
        [new("客户在网页表单留言咨询。", "Customer asked through the web form."), new("客户来电咨询。", "Customer called with a question.")],
        [new("您好，已为您查询，详情见下方说明。", "Hello, we looked it up for you; details below."),
         new("您好，相关资料已发送到您的邮箱，请查收。", "Hello, we have e-mailed you the documents.")],
        _ => [new("answer"), new("closed", F("answer", "已通过电话答复 Answered by phone"))]);

    private static readonly DemoStory Task = new("task", TicketKind.Task, null, "account",
        [new("季度回访电话", "Quarterly check-in call"), new("合同到期续签提醒", "Contract renewal reminder"), new("介绍新的保养套餐", "Introduce the new maintenance plan")],
        [new("客户经理例行跟进。", "Account manager's routine follow-up.")],
        [new("", "")],
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

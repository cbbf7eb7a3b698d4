using System.Text.Json.Nodes;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// An approval stage is passed by a decision of its owning role: approve (on to the next stage) or reject (back along
/// the reject transition), each with a reason in the history; an agent cannot decide, and a decision is refused anywhere else.
/// </summary>
public sealed class ApprovalStageTests
{
    private static object Stage(string code, string name, string role, bool start = false, bool final = false, bool approval = false) =>
        new { code, name, isStart = start, isFinal = final, ownerRole = final ? null : role, ownerTeam = (string?)null, timeLimitMinutes = (int?)null, requiredFields = Array.Empty<object>(), isApproval = approval };

    private static readonly object[] Stages =
    [
        Stage("quote", "报价 Quote", "agent", start: true),
        Stage("approval", "主管审批 Approval", "manager", approval: true),
        Stage("refund", "退款 Refund", "agent"),
        Stage("closed", "关闭 Closed", "agent", final: true),
    ];

    private static readonly object[] Transitions =
    [
        new { from = "quote", to = "approval", isReopen = false, isReject = false },
        new { from = "approval", to = "refund", isReopen = false, isReject = false },
        new { from = "approval", to = "quote", isReopen = false, isReject = true },
        new { from = "refund", to = "closed", isReopen = false, isReject = false },
    ];

    private static async Task<JsonObject> DecideAsync(HttpClient client, JsonNode ticket, string to, string? decision, string? reason, int status) =>
        (await (await client.PostJsonAsync($"/api/tickets/{Id(ticket)}/transitions", new { to, decision, reason, version = Version(ticket) }).ExpectAsync(status)).NodeAsync()).AsObject();

    [Test]
    public async Task A_manager_rejects_with_a_reason_then_approves_and_an_agent_can_do_neither()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "xie.na", team: "desk");
        var manager = await csm.UserAsync("manager", "lin.tao", team: "desk");
        await csm.Admin.PostJsonAsync("/api/workflows", new { code = "refund", name = "Refund 退款", stages = Stages, transitions = Transitions }).ExpectAsync(201);
        await csm.Admin.PostJsonAsync("/api/ticket-types", new { code = "refund", name = "Refund", kind = "complaint", workflowCode = "refund", defaultPriority = "normal" }).ExpectAsync(201);
        await KnownCustomerAsync(csm, 5);
        var ticket = await OpenAsync(csm.Admin, 5, type: "refund", assignment: new { mode = "person", assignee = "xie.na" });
        ticket = await MoveAsync(agent, ticket, "approval");
        Assert.That(ticket["allowedTransitions"]!.AsArray().Select(t => (t!["to"]!.GetValue<string>(), t["isReject"]!.GetValue<bool>())),
            Is.EquivalentTo(new[] { ("refund", false), ("quote", true) }));

        var notYours = await DecideAsync(agent, ticket, "refund", "approve", "Looks fine", 403);
        Assert.That(notYours["detail"]!.GetValue<string>(), Does.Contain("manager role"));
        var noDecision = await DecideAsync(manager, ticket, "refund", null, null, 400);
        Assert.That(noDecision["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "decision" }));
        var noReason = await DecideAsync(manager, ticket, "refund", "approve", " ", 400);
        Assert.That(noReason["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "reason" }));
        var wrongWay = await DecideAsync(manager, ticket, "refund", "reject", "Too much", 400);
        Assert.That(wrongWay["errors"]!["to"]![0]!.GetValue<string>(), Does.Contain("quote"));

        ticket = await DecideAsync(manager, ticket, "quote", "reject", "金额超过保修范围，请重新报价", 200);
        Assert.That((ticket["stage"]!.GetValue<string>(), ticket["assignee"]!.GetValue<string>()), Is.EqualTo(("quote", "xie.na")), "back to the agent");
        var decisionElsewhere = await DecideAsync(agent, ticket, "approval", "approve", "ok", 400);
        Assert.That(decisionElsewhere["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "decision" }));
        ticket = await MoveAsync(agent, ticket, "approval");
        ticket = await DecideAsync(manager, ticket, "refund", "approve", "新报价在保修范围内", 200);
        Assert.That(ticket["stage"]!.GetValue<string>(), Is.EqualTo("refund"));

        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        var decisions = history.Where(h => h!["action"]!.GetValue<string>() is "approved" or "rejected")
            .Select(h => $"{h!["action"]} by {h["actor"]}: {h["detail"]!["reason"]}").ToArray();
        Assert.That(decisions, Is.EqualTo(new[] { "rejected by lin.tao: 金额超过保修范围，请重新报价", "approved by lin.tao: 新报价在保修范围内" }));
    }

    [Test]
    public async Task An_approval_stage_needs_a_deciding_role_and_both_ways_out()
    {
        await using var csm = await CsmFixture.StartAsync();
        var noReject = new object[] { Transitions[0], Transitions[1], Transitions[3] };
        var problem = await (await csm.Admin.PostJsonAsync("/api/workflows", new { code = "refund", name = "Refund", stages = Stages, transitions = noReject }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["stages[1]"]![0]!.GetValue<string>(), Does.Contain("reject transition"));
        object[] stray = [.. Transitions, new { from = "refund", to = "quote", isReopen = false, isReject = true }];
        problem = await (await csm.Admin.PostJsonAsync("/api/workflows", new { code = "refund", name = "Refund", stages = Stages, transitions = stray }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["transitions[4].isReject"], Is.Not.Null);
        var nobody = new object[] { Stages[0], new { code = "approval", name = "审批", isStart = false, isFinal = false, ownerRole = (string?)null, isApproval = true }, Stages[2], Stages[3] };
        problem = await (await csm.Admin.PostJsonAsync("/api/workflows", new { code = "refund", name = "Refund", stages = nobody, transitions = Transitions }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["stages[1].ownerRole"], Is.Not.Null);
    }
}

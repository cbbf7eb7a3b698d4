using System.Text.Json.Nodes;
using Csm.Modules.Tickets.Contracts;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// A duplicate merged into the ticket that goes on: comments copied and marked, both histories, the duplicate closed
/// with a pointer and no "solved" for it; parent/child links between a complaint and its repair, without loops.
/// </summary>
public sealed class MergeAndLinkTests
{
    private static async Task<JsonNode> CommentAsync(HttpClient client, JsonNode ticket, string body, string visibility = "internal") =>
        await (await client.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments", new { body, visibility, version = Version(ticket) }).ExpectAsync(200)).NodeAsync();

    private static async Task<JsonObject> MergeAsync(HttpClient client, JsonNode ticket, long into, int status, string? reason = null) =>
        (await (await client.PostJsonAsync($"/api/tickets/{Id(ticket)}/merge", new { into, version = Version(ticket), reason }).ExpectAsync(status)).NodeAsync()).AsObject();

    private static async Task<JsonObject> ParentAsync(HttpClient client, JsonNode ticket, long? parentId, int status) =>
        (await (await client.PutJsonAsync($"/api/tickets/{Id(ticket)}/parent", new { parentId, version = Version(ticket) }).ExpectAsync(status)).NodeAsync()).AsObject();

    /// <summary>An inquiry taken to its end: accept → answer → closed.</summary>
    private static async Task<JsonNode> ClosedInquiryAsync(CsmFixture csm, long customerId)
    {
        var ticket = await OpenAsync(csm.Admin, customerId, type: "inquiry");
        ticket = await MoveAsync(csm.Admin, ticket, "answer");
        ticket = await MoveAsync(csm.Admin, ticket, "closed", fields: new { answer = "Sent the manual" });
        Assert.That(ticket["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        return ticket;
    }

    private static string[] ErrorFields(JsonNode problem) => problem["errors"]!.AsObject().Select(e => e.Key).ToArray();

    [Test]
    public async Task A_duplicate_merged_keeps_its_comments_marked_in_the_other_ticket_and_closes_with_a_pointer()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);
        var original = await OpenAsync(csm.Admin, 7);
        original = await CommentAsync(csm.Admin, original, "Engineer booked for Tuesday");
        var duplicate = await OpenAsync(csm.Admin, 7);
        duplicate = await CommentAsync(csm.Admin, duplicate, "Customer called again: the pump still leaks", "customer");
        duplicate = await CommentAsync(csm.Admin, duplicate, "Same pump as the other ticket");
        await csm.DrainOutboxAsync();
        var resolvedBefore = (await EventsAsync<TicketResolved>(csm)).Count;

        var merged = await MergeAsync(csm.Admin, duplicate, Id(original), 200, reason: "Same leak, same pump");
        Assert.That(merged["status"]!.GetValue<string>(), Is.EqualTo("closed"));
        Assert.That(merged["links"]!["mergedInto"]!["id"]!.GetValue<long>(), Is.EqualTo(Id(original)));

        var comments = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(original)}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(comments.Select(c => c!["body"]!.GetValue<string>()),
            Is.EqualTo(new[] { "Engineer booked for Tuesday", "Customer called again: the pump still leaks", "Same pump as the other ticket" }), "in the order they were written");
        Assert.That(comments.Skip(1).Select(c => c!["mergedFrom"]!["number"]!.GetValue<string>()), Is.All.EqualTo(duplicate["number"]!.GetValue<string>()));
        Assert.That(comments[0]!["mergedFrom"], Is.Null);
        Assert.That(comments[1]!["visibility"]!.GetValue<string>(), Is.EqualTo("customer"), "what the customer saw stays customer-visible");

        var onOriginal = await (await csm.Admin.GetAsync($"/api/tickets/{Id(original)}").ExpectAsync(200)).NodeAsync();
        Assert.That(onOriginal["links"]!["mergedFrom"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()), Is.EqualTo(new[] { Id(duplicate) }));
        Assert.That(Version(onOriginal), Is.EqualTo(Version(original) + 1), "the ticket that goes on changed");
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(original)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        var entry = history.Single(h => h!["action"]!.GetValue<string>() == "mergedFrom")!;
        Assert.That((entry["detail"]!["comments"]!.GetValue<int>(), entry["detail"]!["reason"]!.GetValue<string>()), Is.EqualTo((2, "Same leak, same pump")));
        var duplicateHistory = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(duplicate)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(duplicateHistory.Select(h => h!["action"]!.GetValue<string>()), Does.Contain("mergedInto"));

        await csm.DrainOutboxAsync();
        Assert.That((await EventsAsync<TicketResolved>(csm)).Count, Is.EqualTo(resolvedBefore), "a merge solves nothing: no resolution, no survey");
        Assert.That((await EventsAsync<TicketClosed>(csm)).Select(e => e.TicketId), Does.Contain(Id(duplicate)));
        var reopen = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(duplicate)}/reopen", new { version = Version(merged) }).ExpectAsync(400)).NodeAsync();
        Assert.That(reopen["errors"]!["id"]![0]!.GetValue<string>(), Does.Contain("merged into"));
        Assert.That(ErrorFields(await MergeAsync(csm.Admin, merged, Id(original), 400)), Is.EqualTo(new[] { "id" }), "merged once only");
        var audit = await (await csm.Admin.GetAsync($"/api/audit?action=ticket.merged&entityId={Id(duplicate)}").ExpectAsync(200)).NodeAsync();
        Assert.That(audit["items"]!.AsArray().Single()!["after"]!["mergedInto"]!.GetValue<long>(), Is.EqualTo(Id(original)), "the merge is in the audit log");
    }

    [Test]
    public async Task A_merge_into_itself_an_unknown_a_closed_or_another_customers_ticket_is_refused_and_changes_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);
        await KnownCustomerAsync(csm, 8);
        var ticket = await OpenAsync(csm.Admin, 7);
        var closed = await ClosedInquiryAsync(csm, 8);
        var othersOpen = await OpenAsync(csm.Admin, 8);

        Assert.That(ErrorFields(await MergeAsync(csm.Admin, ticket, Id(ticket), 400)), Is.EqualTo(new[] { "into" }));
        Assert.That(ErrorFields(await MergeAsync(csm.Admin, ticket, 999_999, 400)), Is.EqualTo(new[] { "into" }));
        var intoClosed = await MergeAsync(csm.Admin, ticket, Id(closed), 400);
        Assert.That(intoClosed["errors"]!["into"]![0]!.GetValue<string>(), Does.Contain("another customer"));
        var intoOthers = await MergeAsync(csm.Admin, ticket, Id(othersOpen), 400);
        Assert.That(intoOthers["errors"]!["into"]![0]!.GetValue<string>(), Does.Contain("another customer"));
        var stale = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/merge", new { into = Id(othersOpen), version = Version(ticket) + 5 }).ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(Version(ticket)));

        var after = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        Assert.That((after["status"]!.GetValue<string>(), Version(after), after["links"]!["mergedInto"]), Is.EqualTo(("open", Version(ticket), (JsonNode?)null)));
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(history.Select(h => h!["action"]!.GetValue<string>()), Has.None.EqualTo("mergedInto"));
    }

    [Test]
    public async Task A_merge_into_a_closed_ticket_of_the_same_customer_says_reopen_it_first()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);
        var ticket = await OpenAsync(csm.Admin, 7);
        var done = await ClosedInquiryAsync(csm, 7);
        var problem = await MergeAsync(csm.Admin, ticket, Id(done), 400);
        Assert.That(problem["errors"]!["into"]![0]!.GetValue<string>(), Does.Contain("reopen it first"));
    }

    [Test]
    public async Task A_repair_goes_under_its_complaint_both_sides_show_it_and_a_loop_is_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 7);
        var complaint = await OpenAsync(csm.Admin, 7, type: "complaint");
        var repair = await OpenAsync(csm.Admin, 7);
        var visit = await OpenAsync(csm.Admin, 7);

        repair = await ParentAsync(csm.Admin, repair, Id(complaint), 200);
        Assert.That(repair["links"]!["parent"]!["number"]!.GetValue<string>(), Is.EqualTo(complaint["number"]!.GetValue<string>()));
        visit = await ParentAsync(csm.Admin, visit, Id(repair), 200);
        complaint = await (await csm.Admin.GetAsync($"/api/tickets/{Id(complaint)}").ExpectAsync(200)).NodeAsync();
        Assert.That(complaint["links"]!["children"]!.AsArray().Select(t => t!["id"]!.GetValue<long>()), Is.EqualTo(new[] { Id(repair) }));

        Assert.That(ErrorFields(await ParentAsync(csm.Admin, complaint, Id(complaint), 400)), Is.EqualTo(new[] { "parentId" }), "its own parent");
        var loop = await ParentAsync(csm.Admin, complaint, Id(visit), 400);
        Assert.That(loop["errors"]!["parentId"]![0]!.GetValue<string>(), Does.Contain("already below this ticket"));
        Assert.That(ErrorFields(await ParentAsync(csm.Admin, complaint, 999_999, 400)), Is.EqualTo(new[] { "parentId" }));

        repair = await (await csm.Admin.GetAsync($"/api/tickets/{Id(repair)}").ExpectAsync(200)).NodeAsync();
        repair = await ParentAsync(csm.Admin, repair, null, 200);
        Assert.That(repair["links"]!["parent"], Is.Null);
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(complaint)}/history").ExpectAsync(200)).NodeAsync()).AsArray()
            .Select(h => h!["action"]!.GetValue<string>()).ToList();
        Assert.That(history, Does.Contain("childLinked").And.Contain("childUnlinked"));
    }
}

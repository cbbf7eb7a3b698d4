using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Tickets.Features.Intake;
using Microsoft.Extensions.DependencyInjection;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// A customer writing on their ticket through a channel (what e-mail, the portal and WeChat all do): the reply is marked
/// as the customer's, a wait ends, a recently closed ticket reopens, an old one is left alone, a merged one forwards.
/// </summary>
public sealed class CustomerReplyTests
{
    private static async Task<CustomerReplyResult> ReplyAsync(CsmFixture csm, long ticketId, string body, string channel = "email")
    {
        await using var scope = csm.Services.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        await session.BeginAsync();
        var result = await scope.ServiceProvider.GetRequiredService<CustomerReplies>().AddAsync(ticketId, body, "li.na@example.cn", channel, default);
        await session.CommitAsync();
        return result;
    }

    private static async Task<JsonNode> TicketAsync(CsmFixture csm, long id) =>
        await (await csm.Admin.GetAsync($"/api/tickets/{id}").ExpectAsync(200)).NodeAsync();

    private static async Task<List<JsonNode>> CommentsAsync(CsmFixture csm, long id) =>
        (await (await csm.Admin.GetAsync($"/api/tickets/{id}/comments").ExpectAsync(200)).NodeAsync()).AsArray().Select(c => c!).ToList();

    [Test]
    public async Task A_reply_on_an_open_ticket_is_the_customers_its_owner_hears_of_it_and_open_pages_see_a_new_version()
    {
        await using var csm = await CsmFixture.StartAsync();
        var agent = await csm.UserAsync("agent", "zhao.lei", team: "desk");
        await KnownCustomerAsync(csm, 3);
        var ticket = await OpenAsync(csm.Admin, 3, type: "inquiry", assignment: new { mode = "person", assignee = "zhao.lei" });

        var result = await ReplyAsync(csm, Id(ticket), "The printer still beeps three times.");

        Assert.That(result, Is.EqualTo(new CustomerReplyResult(ReplyOutcome.Added, Id(ticket), ticket["number"]!.GetValue<string>())));
        var comment = (await CommentsAsync(csm, Id(ticket))).Single();
        Assert.That(comment["body"]!.GetValue<string>(), Is.EqualTo("The printer still beeps three times."));
        Assert.That(comment["visibility"]!.GetValue<string>(), Is.EqualTo("customer"));
        Assert.That(comment["inboundChannel"]!.GetValue<string>(), Is.EqualTo("email"));
        Assert.That(comment["author"]!.GetValue<string>(), Is.EqualTo("li.na@example.cn"));
        var after = await TicketAsync(csm, Id(ticket));
        Assert.That(Version(after), Is.GreaterThan(Version(ticket)));
        Assert.That(after["firstRespondedAt"], Is.Null, "the customer writing is not the service team answering");
        var bell = (await (await agent.GetAsync("/api/tickets/notifications").ExpectAsync(200)).NodeAsync())["items"]!.AsArray();
        Assert.That(bell.Select(n => n!["kind"]!.GetValue<string>()), Is.EqualTo(new[] { "customerReplied" }));
        Assert.That(bell[0]!["reason"]!.GetValue<string>(), Is.EqualTo("The printer still beeps three times."));
    }

    [Test]
    public async Task A_reply_ends_a_wait_for_the_customer()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 3);
        var ticket = await OpenAsync(csm.Admin, 3, type: "inquiry");
        await csm.Admin.PutJsonAsync($"/api/tickets/{Id(ticket)}/waiting-for-customer", new { waiting = true, version = Version(ticket) }).ExpectAsync(200);
        csm.Clock.Advance(TimeSpan.FromMinutes(30));

        Assert.That((await ReplyAsync(csm, Id(ticket), "Here is the serial number: X200-7781")).Outcome, Is.EqualTo(ReplyOutcome.Resumed));

        var after = await TicketAsync(csm, Id(ticket));
        Assert.That(after["status"]!.GetValue<string>(), Is.EqualTo("open"));
        var history = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/history").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(history.Select(h => h!["action"]!.GetValue<string>()).TakeLast(2), Is.EqualTo(new[] { "resumed", "customerReplied" }));
        Assert.That(history[^2]!["detail"]!["pausedBusinessMinutes"]!.GetValue<double>(), Is.EqualTo(30));
        Assert.That(history[^1]!["actor"]!.GetValue<string>(), Is.EqualTo("customer:3"));
    }

    [Test]
    public async Task A_ticket_closed_within_the_window_reopens_and_one_closed_longer_ago_is_left_alone()
    {
        // Six hours instead of the default fourteen days: a staff session outlives the wait.
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Tickets:Inbound:ReopenWithinDays"] = "0.25" });
        await KnownCustomerAsync(csm, 3);
        var recent = await OpenAsync(csm.Admin, 3, type: "inquiry");
        recent = await MoveAsync(csm.Admin, recent, "answer");
        await MoveAsync(csm.Admin, recent, "closed", new { answer = "Reset the tray" });
        var old = await OpenAsync(csm.Admin, 3, type: "inquiry");
        old = await MoveAsync(csm.Admin, old, "answer");
        await MoveAsync(csm.Admin, old, "closed", new { answer = "Reset the tray" });

        csm.Clock.Advance(TimeSpan.FromHours(5));
        Assert.That((await ReplyAsync(csm, Id(recent), "It jams again.")).Outcome, Is.EqualTo(ReplyOutcome.Reopened));
        var reopened = await TicketAsync(csm, Id(recent));
        Assert.That((reopened["stage"]!.GetValue<string>(), reopened["status"]!.GetValue<string>(), reopened["reopenCount"]!.GetValue<long>()),
            Is.EqualTo(("answer", "open", 1L)));
        Assert.That((await CommentsAsync(csm, Id(recent))).Single()["body"]!.GetValue<string>(), Is.EqualTo("It jams again."));

        csm.Clock.Advance(TimeSpan.FromHours(2)); // 7 hours after closing: past the window
        var late = await ReplyAsync(csm, Id(old), "Thanks again!");
        Assert.That(late, Is.EqualTo(new CustomerReplyResult(ReplyOutcome.Closed, Id(old), old["number"]!.GetValue<string>())));
        Assert.That(await CommentsAsync(csm, Id(old)), Is.Empty, "nothing is written: the channel opens a new ticket");
        Assert.That((await TicketAsync(csm, Id(old)))["status"]!.GetValue<string>(), Is.EqualTo("closed"));
    }

    [Test]
    public async Task A_reply_to_a_merged_duplicate_lands_on_the_ticket_the_work_goes_on_in_and_an_unknown_ticket_writes_nothing()
    {
        await using var csm = await CsmFixture.StartAsync();
        await KnownCustomerAsync(csm, 3);
        var main = await OpenAsync(csm.Admin, 3, type: "inquiry");
        var duplicate = await OpenAsync(csm.Admin, 3, type: "inquiry");
        await csm.Admin.PostJsonAsync($"/api/tickets/{Id(duplicate)}/merge", new { into = Id(main), version = Version(duplicate) }).ExpectAsync(200);

        var result = await ReplyAsync(csm, Id(duplicate), "Any news?", "portal");

        Assert.That((result.Outcome, result.TicketId), Is.EqualTo((ReplyOutcome.Added, Id(main))));
        Assert.That((await CommentsAsync(csm, Id(main))).Single(c => c["mergedFrom"] is null)["inboundChannel"]!.GetValue<string>(), Is.EqualTo("portal"));
        Assert.That((await ReplyAsync(csm, 999_999, "Hello?")).Outcome, Is.EqualTo(ReplyOutcome.NotFound));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_comments WHERE body = 'Hello?'"), Is.Zero);
    }
}

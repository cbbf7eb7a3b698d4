using Csm.Modules.Surveys.Delivery;
using System.Text.RegularExpressions;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Surveys.Features;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Responses;
using Dapper;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Surveys.Demo;

/// <summary>
/// With --demo, customers answer the invitations the demo tickets' resolutions raised: the token is taken from the
/// invitation e-mail, as a customer's click would, and submitted through the public response code path at a moment
/// after it was sent, up to the moment of the start. Promoters, passives and detractors in shares that improve over the
/// year, then dip in the last three weeks (spare parts arriving late), with comments in the customer's language that the
/// shipped themes recognise, so the dashboard shows NPS, CSAT, CES, a trend, themes, and detractors the Tickets module
/// follows up. One invitation in eight stays unanswered. Nothing is added when responses exist.
/// </summary>
internal sealed partial class SurveyResponsesDemo : IDemoData
{
    public int Order => 35;

    private sealed record Link
    {
        public long SurveyId { get; init; }
        public DateTimeOffset SendAt { get; init; }
        public string Language { get; init; } = "";
        public string Body { get; init; } = "";
    }

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_responses") > 0) return;
        // The demo tickets' resolutions reach this module: their invitations are issued as after any resolution.
        await services.GetRequiredService<OutboxDispatcher>().DrainAsync(ct);
        var invitations = (await c.QueryAsync<(long Id, long SurveyId, DateTimeOffset SendAt, string Language)>(
            "SELECT id, survey_id, send_at, language FROM srv_invitations WHERE status = 'queued' AND ticket_id IS NOT NULL ORDER BY id")).ToList();
        // The token is only in the message that carries it (the database keeps its hash).
        var bodies = (await c.QueryAsync<(string Key, string Body)>(
            "SELECT business_key, body_text FROM out_messages WHERE module = @Module AND kind = @Kind",
            new { Module = SurveyMessages.Module, Kind = SurveyMessages.Invitation })).ToDictionary(m => m.Key, m => m.Body);
        var links = invitations
            .Select(i => bodies.TryGetValue(SurveyMessages.Key(i.Id), out var body)
                ? new Link { SurveyId = i.SurveyId, SendAt = i.SendAt, Language = i.Language, Body = body } : null)
            .OfType<Link>().ToList();
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var surveys = new Dictionary<long, SurveyDefinition>();
        for (var k = 0; k < links.Count; k++)
        {
            if (k % 8 == 7) continue;
            var link = links[k];
            // Answered an hour to a day and a half after the invitation, and never after the moment of the start: an
            // invitation sent minutes ago is still waiting.
            var answeredAt = link.SendAt.AddHours(1 + k * 7 % 40);
            if (answeredAt > now.AddMinutes(-5)) answeredAt = link.SendAt + (now.AddMinutes(-5) - link.SendAt) / 2;
            if (answeredAt <= link.SendAt) continue;
            if (Token().Match(link.Body) is not { Success: true } token) continue;
            if (!surveys.TryGetValue(link.SurveyId, out var survey))
                surveys[link.SurveyId] = survey = (await SurveyQueries.CurrentAsync(c, link.SurveyId))!.Parsed;
            await using var scope = scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            var answered = await SubmitResponse.Handle(token.Groups[1].Value, new SubmitResponse.Request(DemoAnswers.For(survey, k, link.Language, (now - answeredAt).TotalDays)),
                sp.GetRequiredService<DbSession>(), sp.GetRequiredService<ResponseWriter>(), sp.GetRequiredService<CurrentDefinitions>(), new FixedClock(answeredAt), ct);
            if (answered.Result is not Created<SubmitResponse.Response>)
                throw new InvalidOperationException($"A demo answer was refused: {System.Text.Json.JsonSerializer.Serialize((answered.Result as IValueHttpResult)?.Value)}");
        }
    }

    [GeneratedRegex("/s/([A-Za-z0-9_-]+)")]
    private static partial Regex Token();

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now.ToUniversalTime();
    }
}

/// <summary>
/// One customer's answers. The share of detractors falls from 30 % a year ago to 12 % last month, as the service got
/// better, and jumps to 40 % in the last three weeks, most of them about spare parts arriving late: the dip the
/// dashboard and the VOC report should show; since the improvement plan began it eases back towards 15 %. A quarter are
/// passives throughout.
/// </summary>
internal static class DemoAnswers
{
    /// <summary>How many days back the dip starts.</summary>
    public const int DipDays = DemoStory.DipDays;

    private static readonly (string Zh, string En)[] Praise =
    [
        ("工程师很耐心，态度热情", "The engineer was friendly and patient"),
        ("上门很准时，修得很快", "On time and fixed quickly"),
        ("客服回复及时，问题一次解决", "Quick answer, solved on the first call"),
        ("", ""),
    ];

    private static readonly (string Zh, string En)[] Meh =
    [
        ("维修费用有点贵", "The repair cost was a bit expensive"),
        ("还行，就是说明书看不懂", "Fine, but the manual instructions are unclear"),
        ("", ""),
    ];

    private static readonly (string Zh, string En)[] Complaints =
    [
        ("回复太慢了，等了三天才有人联系", "Support was slow, I had to wait three days for a call back"),
        ("在线客服一直是机器人，转人工太难", "Online support is a chatbot, impossible to reach a person"),
        ("备件配送太慢，物流一周才到货", "The spare part delivery took too long, the courier arrived late"),
        ("客服态度不好，很不耐烦", "The staff were rude and impatient"),
    ];

    private static readonly (string Zh, string En)[] Dip =
    [
        ("备件配送太慢，物流一周才到货", "The spare part delivery took too long, the courier arrived late"),
        ("等配件等了十天，设备一直停着", "Waited ten days for the part, the machine stood still"),
        ("备件缺货，维修一拖再拖", "Spare part out of stock, the repair keeps being postponed"),
        ("回复太慢了，等了三天才有人联系", "Support was slow, I had to wait three days for a call back"),
    ];

    /// <param name="age">Days between the answer and the moment of the start.</param>
    public static IReadOnlyList<Answer> For(SurveyDefinition survey, int k, string language, double age)
    {
        // Since the improvement plan began the share eases from 40 % towards 15 % (the plan's effect the demo shows).
        var detractors = age <= DemoStory.PlanDays ? 0.40 - 0.25 * (DemoStory.PlanDays - age) / DemoStory.PlanDays
            : age <= DipDays ? 0.40
            : 0.12 + 0.18 * Math.Min(age, 365) / 365;
        // A fixed scatter of 0..1 per answer: the same demo every time, without the clockwork of k % 4.
        var u = (int)((uint)(k * 2654435761L) % 1000) / 1000.0;
        var profile = u < detractors ? 3 : u < detractors + 0.25 ? 2 : k % 2;
        var (nps, csat, ces, comments) = profile switch
        {
            0 or 1 => (9 + k % 2, 5 - k % 5 / 4, 1 + k % 3, Praise),
            2 => (7 + k % 2, 3 + k % 2, 3 + k % 2, Meh),
            _ => (k % 7, 1 + k % 2, 5 + k % 3, age <= DipDays ? Dip : Complaints),
        };
        var (zh, en) = comments[k / 4 % comments.Length];
        var comment = Languages.IsChinese(language) ? zh : en;
        var answers = new List<Answer>();
        foreach (var q in survey.Questions)
        {
            int? score = q.Kind switch { QuestionKind.Nps => nps, QuestionKind.Csat => csat, QuestionKind.Ces => ces, _ => null };
            if (score is not null) answers.Add(new Answer(q.Key, score));
        }
        foreach (var q in survey.Questions.Where(q => q.Kind == QuestionKind.Text && comment.Length > 0))
        {
            var shown = q.ShowWhen is null || q.ShowWhen.Holds(answers.FirstOrDefault(a => a.Question == q.ShowWhen.Question)?.Score);
            if (shown) answers.Add(new Answer(q.Key, Text: comment));
        }
        return answers;
    }
}

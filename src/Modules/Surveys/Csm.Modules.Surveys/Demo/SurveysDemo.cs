using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Data;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Surveys.Demo;

/// <summary>
/// The surveys a service team starts with: an after-service NPS + CSAT + CES survey after every resolved repair, a
/// CSAT after every other resolved ticket (both sent at once, so a new user finds them under ./data/mail) and a
/// quarterly relationship NPS to VIP customers, and a one-question NPS that the after-service survey re-surveys with
/// 48 hours after an unhappy answer's follow-up is resolved. Runs before the demo tickets are resolved, so their
/// resolutions invite. Nothing is added when surveys exist.
/// </summary>
internal sealed class SurveysDemo : IDemoData
{
    public int Order => 15;

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_surveys", transaction: tx) > 0)
        {
            await session.RollbackAsync(ct);
            return;
        }
        var afterService = await SurveyQueries.InsertAsync(session, "After-service survey", Touchpoint.Service, new SurveyDefinition(
            new LocalizedText("维修服务回访", "How did our repair service do?"),
            [
                new Question("nps", QuestionKind.Nps, new LocalizedText("您有多大可能向朋友或同事推荐我们？", "How likely are you to recommend us to a friend or colleague?")),
                new Question("csat", QuestionKind.Csat, new LocalizedText("您对本次维修服务满意吗？", "How satisfied are you with this repair?")),
                Effort,
                new Question("why", QuestionKind.Text, new LocalizedText("请告诉我们原因", "What is the main reason for your scores?"), Required: false),
            ]), now);
        var csat = await SurveyQueries.InsertAsync(session, "Ticket CSAT", Touchpoint.Service, new SurveyDefinition(
            new LocalizedText("服务评价", "Rate our service"),
            [
                new Question("csat", QuestionKind.Csat, new LocalizedText("您对本次服务满意吗？", "How satisfied are you with our service?")),
                new Question("why", QuestionKind.Text, new LocalizedText("请告诉我们原因", "What could we have done better?"), Required: false,
                    ShowWhen: new ShowWhen("csat", null, 3)),
                Effort with { Required = false },
            ]), now);
        var nps = await SurveyQueries.InsertAsync(session, "Quarterly relationship NPS", Touchpoint.Onboarding, new SurveyDefinition(
            new LocalizedText("客户关系调查", "How are we doing?"),
            [
                new Question("nps", QuestionKind.Nps, new LocalizedText("您有多大可能向朋友或同事推荐我们？", "How likely are you to recommend us to a friend or colleague?")),
                new Question("why", QuestionKind.Text, new LocalizedText("您给出这个分数的主要原因是什么？", "What is the main reason for your score?"), Required: false),
            ]), now);
        var fixedIt = await SurveyQueries.InsertAsync(session, "Did we fix it? (re-survey)", Touchpoint.Service, new SurveyDefinition(
            new LocalizedText("问题解决了吗？", "Did we fix it?"),
            [
                new Question("nps", QuestionKind.Nps, new LocalizedText("问题处理之后，您有多大可能向朋友或同事推荐我们？", "Now that we followed up, how likely are you to recommend us?")),
            ]), now);
        await c.ExecuteAsync(
            """
            INSERT INTO srv_resurvey_settings (survey_id, enabled, resurvey_survey_id, delay_hours, valid_days, updated_at)
            VALUES (@AfterService, 1, @FixedIt, 48, 7, @Now)
            """, new { AfterService = afterService, FixedIt = fixedIt, Now = now }, tx);
        await c.ExecuteAsync(
            """
            INSERT INTO srv_distributions (survey_id, kind, ticket_type, delay_minutes, channel, valid_hours, segment_tiers, segment_tags, every_days, next_run_at, enabled, remind_after_hours, created_at)
            VALUES (@AfterService, 'ticketResolved', 'repair', 0, 'email', 168, NULL, NULL, NULL, NULL, 1, 72, @Now),
                   (@Csat, 'ticketResolved', NULL, 0, 'email', 168, NULL, NULL, NULL, NULL, 1, 72, @Now),
                   (@Nps, 'relationship', NULL, 0, 'email', 336, 'vip', NULL, 91, @Next, 1, NULL, @Now)
            """, new { AfterService = afterService, Csat = csat, Nps = nps, Now = now, Next = now.AddDays(7) }, tx);
        await session.CommitAsync(ct);
    }

    /// <summary>
    /// CES as the whole system reads it: 1 = very easy … 7 = very hard, lower is better (5–7 is high effort, an unhappy
    /// answer); the anchors are in the question so nobody answers the scale upside down.
    /// </summary>
    public static readonly Question Effort = new("effort", QuestionKind.Ces, new LocalizedText(
        "为解决这个问题，您花了多少精力？（1 = 非常容易 … 7 = 非常费力）",
        "How much effort did it take to get your issue solved? (1 = very easy … 7 = very hard)"));
}

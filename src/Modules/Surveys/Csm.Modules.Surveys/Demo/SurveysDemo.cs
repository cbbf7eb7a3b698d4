using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Surveys.Contracts;
using Csm.Modules.Surveys.Model;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Surveys.Demo;

/// <summary>
/// The two surveys a service team starts with: a CSAT after every resolved ticket (sent at once, so a new user
/// finds it under ./data/mail) and a quarterly relationship NPS to VIP customers. Nothing is added when surveys exist.
/// </summary>
internal sealed class SurveysDemo : IDemoData
{
    public int Order => 30;

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
        var csat = await SurveyQueries.InsertAsync(session, "Ticket CSAT", Touchpoint.Service, new SurveyDefinition(
            new LocalizedText("服务评价", "Rate our service"),
            [
                new Question("csat", QuestionKind.Csat, new LocalizedText("您对本次服务满意吗？", "How satisfied are you with our service?")),
                new Question("why", QuestionKind.Text, new LocalizedText("请告诉我们原因", "What could we have done better?"), Required: false,
                    ShowWhen: new ShowWhen("csat", null, 3)),
                new Question("effort", QuestionKind.Ces, new LocalizedText("解决问题有多容易？", "How easy was it to get your issue solved?"), Required: false),
            ]), now);
        var nps = await SurveyQueries.InsertAsync(session, "Quarterly relationship NPS", Touchpoint.Onboarding, new SurveyDefinition(
            new LocalizedText("客户关系调查", "How are we doing?"),
            [
                new Question("nps", QuestionKind.Nps, new LocalizedText("您有多大可能向朋友或同事推荐我们？", "How likely are you to recommend us to a friend or colleague?")),
                new Question("why", QuestionKind.Text, new LocalizedText("您给出这个分数的主要原因是什么？", "What is the main reason for your score?"), Required: false),
            ]), now);
        await c.ExecuteAsync(
            """
            INSERT INTO srv_distributions (survey_id, kind, ticket_type, delay_minutes, channel, valid_hours, segment_tiers, segment_tags, every_days, next_run_at, enabled, remind_after_hours, created_at)
            VALUES (@Csat, 'ticketResolved', NULL, 0, 'email', 168, NULL, NULL, NULL, NULL, 1, 72, @Now),
                   (@Nps, 'relationship', NULL, 0, 'email', 336, 'Vip', NULL, 91, @Next, 1, NULL, @Now)
            """, new { Csat = csat, Nps = nps, Now = now, Next = now.AddDays(7) }, tx);
        await session.CommitAsync(ct);
    }
}

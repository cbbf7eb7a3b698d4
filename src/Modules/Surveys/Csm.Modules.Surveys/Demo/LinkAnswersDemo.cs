using System.Buffers.Text;
using System.Security.Cryptography;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Features;
using Csm.Modules.Surveys.Links;
using Csm.Modules.Surveys.Responses;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Surveys.Demo;

/// <summary>
/// With --demo, the after-service survey also has its reusable link switched on, and visitors answered it over the ninety days
/// before the start: two in three through the feedback button on the company's service pages (each with the page it was on),
/// one in three from the QR code printed on the repair receipt, all before the dip of the demo's story (whose before and
/// after the invitations' answers tell), each from a browser of its own, through the same write as
/// a visitor's answer. Their scores follow the demo's story (<see cref="DemoAnswers"/>), so the reports by how answers
/// came show the widget and the QR code beside the e-mail invitations. Nothing is added when the survey already has a link.
/// </summary>
internal sealed class LinkAnswersDemo : IDemoData
{
    public int Order => 36;
    public const int Answers = 36;

    private static readonly string[] Pages =
    [
        "https://www.example.com/service/repair-status", "https://www.example.com/service/spare-parts", "https://www.example.com/support/contact",
    ];

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var c = await session.ConnectionAsync(ct);
        var surveyId = await c.ExecuteScalarAsync<long?>("SELECT id FROM srv_surveys WHERE name = 'After-service survey'");
        if (surveyId is null || await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_survey_links WHERE survey_id = @Id", new { Id = surveyId }) > 0) return;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        await session.BeginAsync(ct);
        await c.ExecuteAsync("INSERT INTO srv_survey_links (survey_id, link_id, enabled, updated_at) VALUES (@Id, @LinkId, 1, @Now)",
            new { Id = surveyId, LinkId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)), Now = now.AddDays(-91) }, session.Transaction);
        await session.CommitAsync(ct);

        var survey = (await SurveyQueries.CurrentAsync(c, surveyId.Value))!;
        var scopes = services.GetRequiredService<IServiceScopeFactory>();
        for (var k = 0; k < Answers; k++)
        {
            // Before the dip and the plan (DemoStory), whose before/after the invitations' answers tell.
            var age = DemoStory.DipDays + 2 + k * 67.0 / Answers;
            var language = k % 3 == 2 ? "en" : "zh-CN";
            var qr = k % 3 == 1;
            await using var scope = scopes.CreateAsyncScope();
            var written = await AnswerThroughLink.WriteAsync(scope.ServiceProvider.GetRequiredService<ResponseWriter>(), survey,
                DemoAnswers.For(survey.Parsed, 1000 + k, language, age), qr ? LinkChannel.Qr : LinkChannel.Widget, qr ? null : Pages[k % Pages.Length],
                $"demo-browser-{k:D3}", language, now.AddDays(-age));
            if (written is null) throw new InvalidOperationException($"The demo's link answer {k} was not written.");
        }
    }
}

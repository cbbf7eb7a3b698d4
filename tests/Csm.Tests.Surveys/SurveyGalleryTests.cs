using System.Text.Json.Nodes;

namespace Csm.Tests.Surveys;

/// <summary>
/// The survey gallery is there on every start: six templates in both languages, each a valid survey (the same validator
/// as a hand-made one), created in one click and answerable; the two-choice one feeds the custom-answers report.
/// </summary>
public sealed class SurveyGalleryTests
{
    [Test]
    public async Task Every_template_is_a_valid_survey_created_in_one_step_and_answerable()
    {
        await using var csm = await CsmFixture.StartAsync();
        var templates = (await (await csm.Admin.GetAsync("/api/survey-templates").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(templates.Select(t => t!["key"]!.GetValue<string>()),
            Is.EquivalentTo(new[] { "relationship-nps", "ticket-csat", "support-ces", "onboarding-check", "plain-satisfied", "post-visit" }));
        foreach (var template in templates.Select(t => t!))
        {
            var key = template["key"]!.GetValue<string>();
            Assert.That(template["name"]!["zh"]!.GetValue<string>(), Is.Not.Empty, key);
            Assert.That(template["name"]!["en"]!.GetValue<string>(), Is.Not.Empty, key);
            // The same draft through the hand-made path: the validator a manager's survey meets.
            var draft = new JsonObject
            {
                ["name"] = $"check {key}", ["touchpoint"] = template["touchpoint"]!.DeepClone(), ["title"] = template["title"]!.DeepClone(),
                ["questions"] = template["questions"]!.DeepClone(),
            };
            await csm.Admin.PostJsonAsync("/api/surveys", draft).ExpectAsync(201);

            var created = await (await csm.Admin.PostJsonAsync($"/api/survey-templates/{key}/surveys", new { name = (string?)null }).ExpectAsync(201)).NodeAsync();
            Assert.That(created["name"]!.GetValue<string>(), Is.EqualTo(template["name"]!["zh"]!.GetValue<string>()));
            var id = created["id"]!.GetValue<long>();
            // Answer every required question with the first value it takes.
            var answers = created["questions"]!.AsArray().Where(q => q!["required"]?.GetValue<bool>() != false && q!["showWhen"] is null).Select(q => q!).Select(q =>
                q["kind"]!.GetValue<string>() switch
                {
                    "nps" => (object)new { question = q["key"]!.GetValue<string>(), score = 9 },
                    "csat" or "rating" => new { question = q["key"]!.GetValue<string>(), score = 5 },
                    "ces" => new { question = q["key"]!.GetValue<string>(), score = 2 },
                    "text" => new { question = q["key"]!.GetValue<string>(), text = "ok" },
                    _ => new { question = q["key"]!.GetValue<string>(), choices = new[] { q["choices"]![0]!["key"]!.GetValue<string>() } },
                }).ToArray();
            await csm.AnswerAsync(await csm.LinkAsync(id), answers).ExpectAsync(201);
        }
        await csm.Admin.PostJsonAsync("/api/survey-templates/no-such/surveys", new { }).ExpectAsync(404);
        var agent = await csm.UserAsync("agent");
        await agent.GetAsync("/api/survey-templates").ExpectAsync(200);
        await agent.PostJsonAsync("/api/survey-templates/ticket-csat/surveys", new { }).ExpectAsync(403);
    }
}

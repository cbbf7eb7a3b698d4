using System.Diagnostics;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Outbound;
using Csm.Modules.Surveys.Jobs;
using Dapper;

namespace Csm.Tests.Surveys;

/// <summary>A measurement, not a check of behaviour: run it by name (it is Explicit) to get the figure for the note.</summary>
[Explicit, NonParallelizable]
public sealed class FanOutBenchmark
{
    [Test]
    public async Task Relationship_survey_fan_out_to_100000_customers()
    {
        const int customers = 100_000;
        var drop = Path.Combine(Path.GetTempPath(), "csm-tests", "bench-" + Guid.NewGuid().ToString("N"));
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Email:DropDirectory"] = drop });
        await using (var c = await csm.Service<Db>().OpenAsync())
        {
            // The read model as the Customers events would have left it, filled in one statement.
            await c.ExecuteAsync(
                """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < @Count)
                INSERT INTO srv_customers (customer_id, version, first_name, email, phone, language, tier, account_manager, erased, updated_at)
                SELECT i, 1, 'Customer' || i, 'c' || i || '@example.com', NULL, CASE WHEN i % 2 = 0 THEN 'zh-CN' ELSE 'en' END, 'standard', NULL, 0, @Now FROM n
                """, new { Count = customers, Now = csm.Clock.GetUtcNow() });
        }
        var nps = await csm.CreateSurveyAsync(Samples.NpsSurvey("Quarterly NPS"));
        await csm.Admin.PostJsonAsync($"/api/surveys/{nps}/distributions", new { kind = "relationship", channel = "email", everyDays = 91 }).ExpectAsync(201);

        var clock = Stopwatch.StartNew();
        var run = (await csm.Service<RelationshipSurveys>().RunDueAsync()).Single();
        clock.Stop();
        Assert.That(run.Invited, Is.EqualTo(customers));
        TestContext.Out.WriteLine($"Fan-out: {customers} invitations + messages in {clock.Elapsed.TotalSeconds:F1}s = {customers / clock.Elapsed.TotalSeconds:F0}/s");
        Directory.CreateDirectory(drop);
        Directory.Delete(drop, recursive: true);
    }
}

using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys;
using Dapper;

namespace Csm.Tests.Surveys;

/// <summary>Surveys once stored enums by their C# names ("Vip", "Service", "Unhappy"); migration 0004 makes them camelCase.</summary>
public sealed class EnumTextMigrationTests
{
    [Test]
    public async Task Migration_0004_turns_enum_names_stored_the_old_way_into_camel_case()
    {
        await using var csm = await CsmFixture.StartAsync();
        var db = csm.Service<Db>();
        await using (var c = await db.OpenAsync())
        {
            await c.ExecuteAsync(
                """
                INSERT INTO srv_customers (customer_id, version, language, tier, erased, updated_at) VALUES (901, 1, 'en', 'Vip', 0, '2026-03-02T01:00:00.000Z');
                INSERT INTO srv_customers (customer_id, version, language, tier, erased, updated_at) VALUES (902, 1, 'en', 'Prospect', 0, '2026-03-02T01:00:00.000Z');
                INSERT INTO srv_fatigue_policies (tier, quiet_days, cap_count, cap_days, updated_at) VALUES ('Vip', 30, 2, 90, '2026-03-02T01:00:00.000Z');
                """);
            var script = typeof(SurveysModule).Assembly.GetManifestResourceNames().Single(n => n.EndsWith("Sqlite.0004_enum_text.sql", StringComparison.Ordinal));
            using var reader = new StreamReader(typeof(SurveysModule).Assembly.GetManifestResourceStream(script)!);
            await c.ExecuteAsync(await reader.ReadToEndAsync());

            Assert.That(await c.QueryAsync<string>("SELECT tier FROM srv_customers WHERE customer_id IN (901, 902) ORDER BY customer_id"),
                Is.EqualTo(new[] { "vip", "prospect" }));
        }

        // The policy written as "Vip" is now the one the API lists and sets as "vip".
        var policies = await (await csm.Admin.GetAsync("/api/survey-fatigue-policies").ExpectAsync(200)).NodeAsync();
        var vip = policies["items"]!.AsArray().Single(p => p!["tier"]!.GetValue<string>() == "vip")!;
        Assert.That(vip["quietDays"]!.GetValue<int>(), Is.EqualTo(30));
        await csm.Admin.PutJsonAsync("/api/survey-fatigue-policies/vip", new { quietDays = 21, capCount = 2, capDays = 90 }).ExpectAsync(200);
        await using var after = await db.OpenAsync();
        Assert.That(await after.QueryAsync<string>("SELECT tier FROM srv_fatigue_policies ORDER BY tier"), Is.EqualTo(new[] { "*", "vip" }));
    }
}

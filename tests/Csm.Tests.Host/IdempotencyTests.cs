using System.Text;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Tests.Host;

public sealed class IdempotencyTests
{
    private static HttpRequestMessage Create(string body, string key) =>
        new(HttpMethod.Post, "/api/customers") { Content = new StringContent(body, Encoding.UTF8, "application/json"), Headers = { { "Idempotency-Key", key } } };

    private static async Task<long> RecordsAsync(CsmFixture csm, string key)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys WHERE idempotency_key = @Key", new { Key = key });
    }

    [Test]
    public async Task A_create_that_fails_leaves_no_record_so_its_retry_runs()
    {
        await using var csm = await CsmFixture.StartAsync();
        const string body = """{"name":"Flaky Ltd","tier":"standard"}""";
        await using (var c = await csm.Service<Db>().OpenAsync())
            await c.ExecuteAsync(CsmFixture.Engine == DatabaseProvider.PostgreSql
                ? """
                  CREATE FUNCTION test_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'the disk is gone'; END $$;
                  CREATE TRIGGER test_refuse_customers BEFORE INSERT ON cus_customers FOR EACH ROW EXECUTE FUNCTION test_refuse();
                  """
                : "CREATE TRIGGER test_refuse_customers BEFORE INSERT ON cus_customers BEGIN SELECT RAISE(ABORT, 'the disk is gone'); END");

        await csm.Admin.SendAsync(Create(body, "flaky-1")).ExpectAsync(500);
        Assert.That(await RecordsAsync(csm, "flaky-1"), Is.EqualTo(0));

        await using (var c = await csm.Service<Db>().OpenAsync())
            await c.ExecuteAsync(CsmFixture.Engine == DatabaseProvider.PostgreSql
                ? "DROP TRIGGER test_refuse_customers ON cus_customers" : "DROP TRIGGER test_refuse_customers");
        var retry = await csm.Admin.SendAsync(Create(body, "flaky-1")).ExpectAsync(201);
        Assert.That(retry.Headers.Contains("Idempotent-Replayed"), Is.False, "the retry ran");
        var replay = await csm.Admin.SendAsync(Create(body, "flaky-1")).ExpectAsync(201);
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(replay.Headers.Location, Is.EqualTo(retry.Headers.Location));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await retry.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task A_request_refused_by_its_validator_is_replayed_with_the_same_problem()
    {
        await using var csm = await CsmFixture.StartAsync();
        const string body = """{"name":"","tier":"standard"}""";

        var first = await csm.Admin.SendAsync(Create(body, "invalid-1")).ExpectAsync(400);
        var replay = await csm.Admin.SendAsync(Create(body, "invalid-1")).ExpectAsync(400);

        Assert.That((await first.NodeAsync())["errors"]!["name"], Is.Not.Null);
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That(replay.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await replay.Content.ReadAsStringAsync(), Is.EqualTo(await first.Content.ReadAsStringAsync()));
    }

    [Test]
    public async Task An_idempotency_key_over_200_characters_is_refused_and_nothing_is_created()
    {
        await using var csm = await CsmFixture.StartAsync();

        var refused = await csm.Admin.SendAsync(Create("""{"name":"Long Key Ltd","tier":"standard"}""", new string('k', 201))).ExpectAsync(400);

        Assert.That((await refused.NodeAsync())["title"]!.GetValue<string>(), Is.EqualTo("Idempotency-Key is too long."));
        Assert.That((await (await csm.Admin.GetAsync("/api/customers?q=Long%20Key").ExpectAsync(200)).NodeAsync())["total"]!.GetValue<long>(), Is.EqualTo(0));
    }

    [Test]
    public async Task An_endpoint_without_idempotency_ignores_the_key()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = (await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "Plain Ltd", tier = "standard" }).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();
        HttpRequestMessage Update() => new(HttpMethod.Put, $"/api/customers/{id}")
        {
            Content = new StringContent("""{"name":"Plain Ltd (renamed)","tier":"vip","version":1}""", Encoding.UTF8, "application/json"),
            Headers = { { "Idempotency-Key", "update-1" } },
        };

        await csm.Admin.SendAsync(Update()).ExpectAsync(200);
        var again = await csm.Admin.SendAsync(Update()).ExpectAsync(409);

        Assert.That(again.Headers.Contains("Idempotent-Replayed"), Is.False);
        Assert.That(await RecordsAsync(csm, "update-1"), Is.EqualTo(0));
    }
}

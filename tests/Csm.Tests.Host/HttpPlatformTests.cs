using System.Text;

namespace Csm.Tests.Host;

public sealed class HttpPlatformTests
{
    private CsmFixture _csm = null!;

    [OneTimeSetUp]
    public async Task Start() => _csm = await CsmFixture.StartAsync();

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    private static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    [Test]
    public async Task A_GET_with_a_JSON_content_type_and_no_body_reads_its_query_string()
    {
        // Browsers' fetch helpers send Content-Type: application/json on every call, GETs included.
        await _csm.Admin.PostJsonAsync("/api/customers", new { name = "上海申通精密机械有限公司", tier = "vip" }).ExpectAsync(201);
        await _csm.Admin.PostJsonAsync("/api/customers", new { name = "Other Ltd", tier = "standard" }).ExpectAsync(201);
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/customers?tier=vip&pageSize=5") { Content = new StringContent("", Encoding.UTF8, "application/json") };
        var page = await (await _csm.Admin.SendAsync(request).ExpectAsync(200)).NodeAsync();
        Assert.That(page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()), Is.EqualTo(new[] { "上海申通精密机械有限公司" }));
        Assert.That(page["pageSize"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task Health_endpoints_answer_without_credentials()
    {
        Assert.That(await (await _csm.Anonymous().GetAsync("/health/live").ExpectAsync(200)).Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
        Assert.That(await (await _csm.Anonymous().GetAsync("/health/ready").ExpectAsync(200)).Content.ReadAsStringAsync(), Is.EqualTo("Healthy"));
    }

    [Test]
    public async Task Malformed_json_is_a_400_problem_not_a_500()
    {
        var response = await _csm.Admin.PostAsync("/api/users", JsonBody("{\"userName\": \"a\", ")).ExpectAsync(400);
        var body = await response.NodeAsync();
        Assert.That(body["errors"]!.AsObject().Count, Is.EqualTo(1));
        Assert.That(body.ToJsonString(), Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task A_wrong_type_names_the_field()
    {
        var response = await _csm.Admin.PostAsync("/api/users",
            JsonBody("""{"userName":"typed","displayName":"x","password":"long-enough-1","roles":"agent"}""")).ExpectAsync(400);
        Assert.That((await response.NodeAsync())["errors"]!["roles"], Is.Not.Null);
    }

    [Test]
    public async Task A_10_MB_body_is_refused_with_413_before_it_is_read()
    {
        var huge = "{\"userName\":\"" + new string('x', 10 * 1024 * 1024) + "\"}";
        var response = await _csm.Admin.PostAsync("/api/users", JsonBody(huge)).ExpectAsync(413);
        Assert.That((await response.NodeAsync())["title"]!.GetValue<string>(), Is.EqualTo("The request body is too large."));
    }

    [Test]
    public async Task A_retried_create_with_the_same_idempotency_key_creates_once()
    {
        var body = """{"userName":"retry.me","displayName":"Retry","password":"long-enough-1","roles":["agent"]}""";
        HttpRequestMessage Request() => new(HttpMethod.Post, "/api/users") { Content = JsonBody(body), Headers = { { "Idempotency-Key", "k-123" } } };
        var first = await _csm.Admin.SendAsync(Request()).ExpectAsync(201);
        var second = await _csm.Admin.SendAsync(Request()).ExpectAsync(201);
        Assert.That((await second.NodeAsync())["id"]!.GetValue<long>(), Is.EqualTo((await first.NodeAsync())["id"]!.GetValue<long>()));
        Assert.That(second.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        var users = await (await _csm.Admin.GetAsync("/api/users").ExpectAsync(200)).NodeAsync();
        Assert.That(users["items"]!.AsArray().Count(u => u!["userName"]!.GetValue<string>() == "retry.me"), Is.EqualTo(1));

        var other = new HttpRequestMessage(HttpMethod.Post, "/api/users")
        {
            Content = JsonBody(body.Replace("Retry", "Other")), Headers = { { "Idempotency-Key", "k-123" } },
        };
        var reused = await _csm.Admin.SendAsync(other).ExpectAsync(422);
        Assert.That((await reused.NodeAsync())["title"]!.GetValue<string>(), Is.EqualTo("Idempotency-Key reused"));
    }

    [Test]
    public async Task A_refused_create_is_recorded_and_replayed_even_when_the_endpoint_left_its_transaction_open()
    {
        // Creating a customer whose external id is taken answers 409 from inside the endpoint's transaction. The key's
        // record is written through the same session afterwards, so it must not wait for the write turn the endpoint held.
        await _csm.Admin.PostJsonAsync("/api/customers", new { name = "First", tier = "standard", externalIds = new[] { new { source = "crm", id = "C-77" } } })
            .ExpectAsync(201);
        var body = """{"name":"Second","tier":"vip","externalIds":[{"source":"crm","id":"C-77"}]}""";
        HttpRequestMessage Request() => new(HttpMethod.Post, "/api/customers") { Content = JsonBody(body), Headers = { { "Idempotency-Key", "conflict-1" } } };
        var started = System.Diagnostics.Stopwatch.StartNew();
        var first = await _csm.Admin.SendAsync(Request()).ExpectAsync(409);
        var replay = await _csm.Admin.SendAsync(Request()).ExpectAsync(409);
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "the record waited for a write turn its own request held");
        Assert.That(replay.Headers.GetValues("Idempotent-Replayed").Single(), Is.EqualTo("true"));
        Assert.That((await replay.NodeAsync())["detail"]!.GetValue<string>(), Is.EqualTo((await first.NodeAsync())["detail"]!.GetValue<string>()));
        // Nothing of the refused create stayed behind, and the writer queue is free for the next request.
        var list = await (await _csm.Admin.GetAsync("/api/customers?q=Second").ExpectAsync(200)).NodeAsync();
        Assert.That(list["total"]!.GetValue<long>(), Is.EqualTo(0));
    }

    [Test]
    public async Task A_query_string_does_not_override_what_a_body_sends()
    {
        var created = await (await _csm.Admin.PostJsonAsync("/api/customers", new { name = "Body First Ltd", tier = "standard" }).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();
        // The body says version 1, the current one; a stray ?version=999 must not turn it into a stale write.
        var updated = await (await _csm.Admin.PutJsonAsync($"/api/customers/{id}?version=999&name=Query+Name",
            new { name = "Body First Ltd (renamed)", tier = "vip", version = 1 }).ExpectAsync(200)).NodeAsync();
        Assert.That(updated["name"]!.GetValue<string>(), Is.EqualTo("Body First Ltd (renamed)"));
        Assert.That(updated["version"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_unknown_api_path_is_404_not_the_spa()
    {
        var response = await _csm.Admin.GetAsync("/api/no-such-thing");
        Assert.That((int)response.StatusCode, Is.EqualTo(404));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
    }
}

using System.Net.Http.Headers;

namespace Csm.Tests.Customers;

public sealed class CustomerProfileTests
{
    private CsmFixture _csm = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _csm = await CsmFixture.StartAsync();
        await _csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "industry", label = "Industry", type = "choice", required = false, choices = new[] { "retail", "energy" } }).ExpectAsync(201);
        await _csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "employees", label = "Employees", type = "number", required = false }).ExpectAsync(201);
        await _csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "since", label = "Customer since", type = "date", required = false }).ExpectAsync(201);
    }

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    [Test]
    public async Task A_customer_needs_only_a_name_and_a_tier_and_is_published()
    {
        var created = await _csm.Admin.CreateAsync(new { name = "Acme Ltd", tier = "standard" });
        Assert.That(created["kind"]!.GetValue<string>(), Is.EqualTo("company"));
        Assert.That(created["language"]!.GetValue<string>(), Is.EqualTo("zh-CN"));
        Assert.That(created["version"]!.GetValue<long>(), Is.EqualTo(1));
        var read = await _csm.Admin.GetNodeAsync($"/api/customers/{created["id"]}");
        Assert.That(read["name"]!.GetValue<string>(), Is.EqualTo("Acme Ltd"));
        Assert.That(await _csm.OutboxTypesAsync(), Does.Contain("CustomerUpserted"));
    }

    [Test]
    public async Task A_full_profile_round_trips_with_contacts_tags_external_ids_and_custom_fields()
    {
        var created = await _csm.Admin.CreateAsync(new
        {
            name = "华东精密机械有限公司", tier = "vip", kind = "company", accountManager = "li.na", language = "zh-CN",
            contacts = new[] { new { name = "王伟", role = "采购", phone = "+86 138 0000 0000", email = "wang@example.cn", weChat = "wx_wang", isPrimary = true } },
            tags = new[] { "key-account", "multi-site", "key-account" },
            externalIds = new[] { new { source = "sap", id = "0001000123" } },
            customFields = new Dictionary<string, object> { ["industry"] = "energy", ["employees"] = "1200", ["since"] = "2019-04-01" },
        });
        Assert.That(created["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "key-account", "multi-site" }));
        Assert.That(created["contacts"]![0]!["weChat"]!.GetValue<string>(), Is.EqualTo("wx_wang"));
        Assert.That(created["externalIds"]![0]!["id"]!.GetValue<string>(), Is.EqualTo("0001000123"));
        Assert.That(created["customFields"]!["employees"]!.GetValue<decimal>(), Is.EqualTo(1200m), "a number field is stored as a number");
        Assert.That(created["customFields"]!["since"]!.GetValue<string>(), Is.EqualTo("2019-04-01"));
    }

    [Test]
    public async Task A_request_with_several_bad_fields_gets_one_400_naming_each()
    {
        var problem = await (await _csm.Admin.PostJsonAsync("/api/customers", new
        {
            name = "", tier = "gold", kind = "alien",
            contacts = new[] { new { email = "not-an-email" } },
            customFields = new Dictionary<string, object> { ["industy"] = "retail", ["employees"] = "many" },
        }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor("name"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("tier").Single(), Does.Contain("vip, standard, prospect"));
        Assert.That(problem.ErrorsFor("kind"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("contacts[0].email"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("customFields.industy").Single(), Does.Contain("not a custom field"));
        Assert.That(problem.ErrorsFor("customFields.employees").Single(), Does.Contain("must be a number"));
    }

    [Test]
    public async Task Missing_required_fields_are_named()
    {
        var problem = await (await _csm.Admin.PostAsync("/api/customers", CustomersApi.JsonBody("{}")).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor("name"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("tier"), Is.Not.Empty);
    }

    [Test]
    public async Task Malformed_json_and_wrong_types_are_400_problems_naming_the_field()
    {
        var malformed = await (await _csm.Admin.PostAsync("/api/customers", CustomersApi.JsonBody("{\"name\": \"x\",")).ExpectAsync(400)).NodeAsync();
        Assert.That(malformed["status"]!.GetValue<int>(), Is.EqualTo(400));
        var wrongType = await (await _csm.Admin.PostAsync("/api/customers", CustomersApi.JsonBody("{\"name\": 123, \"tier\": \"vip\"}")).ExpectAsync(400)).NodeAsync();
        Assert.That(wrongType.ErrorsFor("name"), Is.Not.Empty);
        Assert.That(wrongType.ToJsonString(), Does.Not.Contain("   at "));
    }

    [Test]
    public async Task A_10_MB_body_is_refused_with_413()
    {
        var huge = "{\"name\":\"" + new string('x', 10 * 1024 * 1024) + "\",\"tier\":\"vip\"}";
        var problem = await (await _csm.Admin.PostAsync("/api/customers", CustomersApi.JsonBody(huge)).ExpectAsync(413)).NodeAsync();
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("The request body is too large."));
    }

    [Test]
    public async Task A_required_custom_field_and_a_choice_not_offered_are_refused()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "region", label = "Region", type = "choice", required = true, choices = new[] { "north", "south" } }).ExpectAsync(201);
        var missing = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "A", tier = "vip" }).ExpectAsync(400)).NodeAsync();
        Assert.That(missing.ErrorsFor("customFields.region").Single(), Does.Contain("required"));
        var notOffered = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "A", tier = "vip", customFields = new { region = "west" } }).ExpectAsync(400)).NodeAsync();
        Assert.That(notOffered.ErrorsFor("customFields.region").Single(), Does.Contain("north, south"));
        await csm.Admin.PostJsonAsync("/api/customers", new { name = "A", tier = "vip", customFields = new { region = "north" } }).ExpectAsync(201);
    }

    [Test]
    public async Task Sql_looking_text_is_stored_verbatim_and_never_executed()
    {
        const string evil = "Robert'); DROP TABLE cus_customers;--";
        var id = await _csm.Admin.CreateIdAsync(new { name = evil, tier = "prospect", tags = new[] { "' OR 1=1 --" } });
        Assert.That((await _csm.Admin.GetNodeAsync($"/api/customers/{id}"))["name"]!.GetValue<string>(), Is.EqualTo(evil));
        var found = await _csm.Admin.GetNodeAsync("/api/customers?q=" + Uri.EscapeDataString("'); DROP"));
        Assert.That(found["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Does.Contain(id));
        var byTag = await _csm.Admin.GetNodeAsync("/api/customers?tag=" + Uri.EscapeDataString("' OR 1=1 --"));
        Assert.That(byTag["total"]!.GetValue<long>(), Is.EqualTo(1), "the tag filter matched only the one customer with that literal tag");
    }

    [Test]
    public async Task Emoji_and_chinese_text_round_trip_and_are_searchable()
    {
        var id = await _csm.Admin.CreateIdAsync(new { name = "张伟的咖啡店 ☕😀", tier = "standard", contacts = new[] { new { name = "张伟", weChat = "微信号_😀" } } });
        var read = await _csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That(read["name"]!.GetValue<string>(), Is.EqualTo("张伟的咖啡店 ☕😀"));
        Assert.That(read["contacts"]![0]!["weChat"]!.GetValue<string>(), Is.EqualTo("微信号_😀"));
        var found = await _csm.Admin.GetNodeAsync("/api/customers?q=" + Uri.EscapeDataString("咖啡"));
        Assert.That(found["items"]!.AsArray().Select(i => i!["id"]!.GetValue<long>()), Does.Contain(id));
    }

    [Test]
    public async Task An_unknown_id_is_a_404_problem_everywhere()
    {
        foreach (var url in new[] { "/api/customers/999999", "/api/customers/999999/360", "/api/customers/999999/contracts", "/api/customers/999999/export" })
        {
            var problem = await _csm.Admin.GetNodeAsync(url, 404);
            Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("999999"), url);
        }
        var put = await (await _csm.Admin.PutJsonAsync("/api/customers/999999", new { name = "x", tier = "vip", version = 1 }).ExpectAsync(404)).NodeAsync();
        Assert.That(put["status"]!.GetValue<int>(), Is.EqualTo(404));
    }

    [Test]
    public async Task A_stale_update_is_a_409_with_the_current_version()
    {
        var id = await _csm.Admin.CreateIdAsync(new { name = "Versioned", tier = "standard" });
        var updated = await (await _csm.Admin.PutJsonAsync($"/api/customers/{id}", new { name = "Versioned 2", tier = "vip", version = 1 }).ExpectAsync(200)).NodeAsync();
        Assert.That(updated["version"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That(updated["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        var stale = await (await _csm.Admin.PutJsonAsync($"/api/customers/{id}", new { name = "Lost update", tier = "vip", version = 1 }).ExpectAsync(409)).NodeAsync();
        Assert.That(stale["currentVersion"]!.GetValue<long>(), Is.EqualTo(2));
        Assert.That((await _csm.Admin.GetNodeAsync($"/api/customers/{id}"))["name"]!.GetValue<string>(), Is.EqualTo("Versioned 2"));
    }

    [Test]
    public async Task An_external_id_belongs_to_one_customer()
    {
        await _csm.Admin.CreateAsync(new { name = "First", tier = "standard", externalIds = new[] { new { source = "crm", id = "DUP-1" } } });
        var conflict = await (await _csm.Admin.PostJsonAsync("/api/customers", new { name = "Second", tier = "standard", externalIds = new[] { new { source = "crm", id = "DUP-1" } } }).ExpectAsync(409)).NodeAsync();
        Assert.That(conflict["detail"]!.GetValue<string>(), Does.Contain("crm/DUP-1"));
    }

    [Test]
    public async Task A_retried_create_with_an_idempotency_key_creates_one_customer()
    {
        HttpRequestMessage Request() => new(HttpMethod.Post, "/api/customers")
        {
            Content = CustomersApi.JsonBody("{\"name\":\"Retry Co\",\"tier\":\"prospect\"}"), Headers = { { "Idempotency-Key", "import-42" } },
        };
        var first = await (await _csm.Admin.SendAsync(Request()).ExpectAsync(201)).NodeAsync();
        var second = await (await _csm.Admin.SendAsync(Request()).ExpectAsync(201)).NodeAsync();
        Assert.That(second["id"]!.GetValue<long>(), Is.EqualTo(first["id"]!.GetValue<long>()));
        Assert.That((await _csm.Admin.GetNodeAsync("/api/customers?q=Retry%20Co"))["total"]!.GetValue<long>(), Is.EqualTo(1));
    }

    [Test]
    public async Task No_credentials_is_401_and_the_wrong_role_or_scope_is_403()
    {
        var anonymous = await _csm.Anonymous().GetAsync("/api/customers");
        Assert.That((int)anonymous.StatusCode, Is.EqualTo(401));
        var agent = await _csm.UserAsync("agent");
        await agent.GetAsync("/api/customers").ExpectAsync(200);
        var forbidden = await agent.PostJsonAsync("/api/customer-fields", new { key = "x", label = "X", type = "text", required = false }).ExpectAsync(403);
        Assert.That((int)forbidden.StatusCode, Is.EqualTo(403));
        var ticketsKey = await _csm.ApiKeyClientAsync("admin", "tickets");
        await ticketsKey.GetAsync("/api/customers").ExpectAsync(403);
        var customersKey = await _csm.ApiKeyClientAsync("agent", "customers");
        await customersKey.GetAsync("/api/customers").ExpectAsync(200);
    }

    [Test]
    public async Task Get_returns_the_version_as_an_etag()
    {
        var id = await _csm.Admin.CreateIdAsync(new { name = "Tagged", tier = "standard" });
        var response = await _csm.Admin.GetAsync($"/api/customers/{id}").ExpectAsync(200);
        Assert.That(response.Headers.ETag, Is.EqualTo(new EntityTagHeaderValue("\"1\"")));
    }
}

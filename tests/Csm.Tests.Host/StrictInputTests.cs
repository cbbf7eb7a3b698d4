using System.Text;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>A misspelt field is an integrator's typo: it is refused with a 400 naming it, and nothing is changed.</summary>
public sealed class StrictInputTests
{
    [Test]
    public async Task A_field_the_request_does_not_have_is_refused_naming_it_and_nothing_is_written()
    {
        await using var csm = await CsmFixture.StartAsync();
        var created = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "上海申通", tier = "standard" }).ExpectAsync(201)).NodeAsync();
        var id = created["id"]!.GetValue<long>();

        // "tire" for "tier": the value the integrator meant to set must not be lost silently.
        using var typo = new StringContent($$"""{"name":"上海申通","tire":"vip","version":{{created["version"]}}}""", Encoding.UTF8, "application/json");
        var problem = await (await csm.Admin.PutAsync($"/api/customers/{id}", typo).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!["tire"]![0]!.GetValue<string>(), Does.Contain("'tire' is not a field of this request"));
        Assert.That((await (await csm.Admin.GetAsync($"/api/customers/{id}").ExpectAsync(200)).NodeAsync())["tier"]!.GetValue<string>(), Is.EqualTo("standard"));

        // Inside a nested object the path says where.
        using var nested = new StringContent("""{"customerId":1,"typeCode":"repair","channel":"phone","priority":"normal","subject":"x","assignment":{"mode":"person","assigne":"li"}}""", Encoding.UTF8, "application/json");
        var inner = await (await csm.Admin.PostAsync("/api/tickets", nested).ExpectAsync(400)).NodeAsync();
        Assert.That(inner["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "assignment.assigne" }), inner.ToJsonString());
    }

    [Test]
    public async Task Text_with_a_nul_character_is_refused_naming_each_field_and_nothing_is_written()
    {
        await using var csm = await CsmFixture.StartAsync();
        var before = await (await csm.Admin.GetAsync("/api/customers").ExpectAsync(200)).NodeAsync();

        using var body = new StringContent("""{"name":"上海\u0000申通","tier":"standard","contacts":[{"name":"王芳","email":"wang\u0000@example.com"}]}""", Encoding.UTF8, "application/json");
        var problem = await (await csm.Admin.PostAsync("/api/customers", body).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key).Order(), Is.EqualTo(new[] { "contacts[0].email", "name" }), problem.ToJsonString());
        Assert.That(problem["errors"]!["name"]![0]!.GetValue<string>(), Does.Contain("NUL"));
        var after = await (await csm.Admin.GetAsync("/api/customers").ExpectAsync(200)).NodeAsync();
        Assert.That(after["total"]!.GetValue<long>(), Is.EqualTo(before["total"]!.GetValue<long>()), "nothing was written");

        // In a query string too: a search is text like any other.
        var search = await (await csm.Admin.GetAsync("/api/tickets?Q=a%00b").ExpectAsync(400)).NodeAsync();
        Assert.That(search["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "q" }), search.ToJsonString());
    }
}

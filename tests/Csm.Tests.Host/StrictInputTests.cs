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
}

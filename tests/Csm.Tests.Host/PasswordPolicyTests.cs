using System.Text.Json.Nodes;
using Csm.Testing;

namespace Csm.Tests.Host;

/// <summary>A staff password is long enough, not a favourite of guessers, not the user name, not a few characters repeated.</summary>
public sealed class PasswordPolicyTests
{
    [TestCase("Short-1", "at least 10 characters")]
    [TestCase("Password2026!", "first that anyone guessing would try")]
    [TestCase("woaini1314", "first that anyone guessing would try")]
    [TestCase("13800138000", "first that anyone guessing would try")]
    [TestCase("abababababab", "at least 5 different characters")]
    [TestCase("Lin.Feng-2026-desk", "must not contain the user name")]
    public async Task A_weak_password_is_refused_naming_the_field_and_no_account_is_made(string password, string reason)
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await csm.Admin.PostJsonAsync("/api/users",
            new { userName = "lin.feng", displayName = "林峰", password, roles = new[] { "agent" } }).ExpectAsync(400)).NodeAsync();
        var errors = problem["errors"]!.AsObject();
        Assert.That(errors.Select(e => e.Key), Is.EqualTo(new[] { "password" }));
        Assert.That(errors["password"]!.AsArray().Single()!.GetValue<string>(), Does.Contain(reason), "one reason at a time");
        var users = await (await csm.Admin.GetAsync("/api/users").ExpectAsync(200)).NodeAsync();
        Assert.That(users["items"]!.AsArray().Select(u => u!["userName"]!.GetValue<string>()), Does.Not.Contain("lin.feng"));
    }

    [Test]
    public async Task A_new_password_set_by_an_admin_meets_the_same_policy_and_the_minimum_is_configurable()
    {
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?> { ["Auth:PasswordMinLength"] = "14" });
        await csm.Admin.PostJsonAsync("/api/users",
            new { userName = "ma.chao", displayName = "马超", password = "Desk-7Kq2-Pin", roles = new[] { "agent" } }).ExpectAsync(400);
        var user = await (await csm.Admin.PostJsonAsync("/api/users",
            new { userName = "ma.chao", displayName = "马超", password = "Desk-7Kq2-Pine-Hill", roles = new[] { "agent" } }).ExpectAsync(201)).NodeAsync();
        var problem = await (await csm.Admin.PutJsonAsync($"/api/users/{user["id"]}", new
        {
            displayName = "马超", roles = new[] { "agent" }, isActive = true, version = user["version"]!.GetValue<long>(), newPassword = "qwertyuiop12345",
        }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem["errors"]!.AsObject().Select(e => e.Key), Is.EqualTo(new[] { "newPassword" }));
        await csm.SignInAsync("ma.chao", "Desk-7Kq2-Pine-Hill");
    }
}

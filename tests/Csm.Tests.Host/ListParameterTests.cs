using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Tests.Host;

/// <summary>"IN @Ids" reads the same on every engine, an empty list included (no row in, every row not in).</summary>
public sealed class ListParameterTests
{
    [Test]
    public async Task A_list_parameter_matches_its_members_and_an_empty_one_matches_nothing_on_every_engine()
    {
        await using var csm = await CsmFixture.StartAsync();
        await using var c = await csm.Service<Db>().OpenAsync();
        var all = await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users");
        var admin = await c.ExecuteScalarAsync<long>("SELECT id FROM sys_users WHERE user_name = 'admin'");

        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE id IN @Ids", new { Ids = new[] { admin, -1L } }), Is.EqualTo(1));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE id IN @Ids", new { Ids = Array.Empty<long>() }), Is.EqualTo(0));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE id NOT IN @Ids", new { Ids = Array.Empty<long>() }), Is.EqualTo(all));
        Assert.That(await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE user_name IN @Names", new { Names = new List<string>() }), Is.EqualTo(0));
    }
}

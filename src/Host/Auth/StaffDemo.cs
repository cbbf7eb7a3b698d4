using System.Security.Cryptography;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Modules;
using Csm.Host.Features.Users;
using Dapper;

namespace Csm.Host.Auth;

/// <summary>
/// With --demo, the people the demo tickets and customers refer to: two service teams with a lead each and the
/// account managers of the demo customers. Created through the same code as POST /api/users, with random passwords
/// (an admin sets one to sign in as them). Nothing is added when any account besides the admin exists.
/// </summary>
internal sealed class StaffDemo : IDemoData
{
    public int Order => 5;

    private static readonly (string UserName, string DisplayName, string Role, string Team)[] Staff =
    [
        ("zhao.lei", "赵磊 Zhao Lei", Roles.Agent, "service-desk"),
        ("liu.yang", "刘洋 Liu Yang", Roles.Agent, "service-desk"),
        ("emma.wood", "Emma Wood", Roles.Agent, "service-desk"),
        ("chen.jing", "陈静 Chen Jing", Roles.Manager, "service-desk"),
        ("sun.hao", "孙浩 Sun Hao", Roles.Agent, "field-repair"),
        ("zhou.min", "周敏 Zhou Min", Roles.Agent, "field-repair"),
        ("wu.qiang", "吴强 Wu Qiang", Roles.Manager, "field-repair"),
        ("li.na", "李娜 Li Na", Roles.AccountManager, "accounts"),
        ("wang.wei", "王伟 Wang Wei", Roles.AccountManager, "accounts"),
        ("sarah.chen", "Sarah Chen", Roles.AccountManager, "accounts"),
        ("tom.baker", "Tom Baker", Roles.AccountManager, "accounts"),
    ];

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var clock = services.GetRequiredService<TimeProvider>();
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM sys_users WHERE user_name <> 'admin'") > 0) return;
        foreach (var (userName, displayName, role, team) in Staff)
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(18));
            await CreateUser.Handle(new CreateUser.Request(userName, displayName, password, [role], $"{userName}@example.com", team), session,
                services.GetRequiredService<UserAccounts>(), services.GetRequiredService<Csm.BuildingBlocks.Audit.AuditTrail>(), clock, ct);
        }
    }
}

using System.Data.Common;
using System.Text.Json;

namespace Csm.Modules.Reports.Dashboards;

/// <summary>Who sees a dashboard besides its owner: nobody ("person"), one team, or one role.</summary>
internal sealed record Audience(string Kind, string? Name)
{
    public const string Person = "person", Team = "team", Role = "role";
    public static readonly string[] Kinds = [Person, Team, Role];
}

/// <param name="DefaultFor">The role whose default this dashboard is, if any.</param>
/// <param name="CanEdit">Whether the caller may change it: their own, or a shared one when they configure settings.</param>
internal sealed record Dashboard(
    long Id, string Name, string Owner, Audience SharedWith, string? DefaultFor, IReadOnlyList<Tile> Tiles, long Version,
    DateTimeOffset UpdatedAt, bool CanEdit);

/// <summary>Who is asking: their user name, roles and team decide which dashboards they see.</summary>
internal sealed record Viewer(string UserName, IReadOnlyList<string> Roles, string? Team, bool Configures);

internal static class DashboardStore
{
    /// <summary>Which role's default a person sees when they have several roles and no dashboard of their own.</summary>
    public static readonly string[] RoleRank = [Roles.Admin, Roles.Manager, Roles.AccountManager, Roles.Agent];

    public const string System = "system";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Owner { get; init; } = "";
        public string ShareKind { get; init; } = "";
        public string? ShareWith { get; init; }
        public string Tiles { get; init; } = "[]";
        public long Version { get; init; }
        public DateTimeOffset UpdatedAt { get; init; }
        public string? DefaultFor { get; init; }
    }

    private const string Select = """
        SELECT d.id, d.name, d.owner, d.share_kind AS ShareKind, d.share_with AS ShareWith, d.tiles, d.version, d.updated_at AS UpdatedAt,
          r.role AS DefaultFor
        FROM rpt_dashboards d LEFT JOIN rpt_role_dashboards r ON r.dashboard_id = d.id
        """;

    private const string Visible = """
        (d.owner = @UserName OR (d.share_kind = 'role' AND d.share_with IN @Roles) OR (d.share_kind = 'team' AND d.share_with = @Team)
         OR r.role IN @Roles)
        """;

    public static string Serialize(IReadOnlyList<Tile> tiles) => JsonSerializer.Serialize(tiles, Json);

    private static object Args(Viewer v, object? more = null)
    {
        var args = new DynamicParameters(new { v.UserName, Roles = v.Roles.ToList(), Team = v.Team ?? "" });
        if (more is not null) args.AddDynamicParams(more);
        return args;
    }

    private static Dashboard View(Row r, Viewer v) => new(r.Id, r.Name, r.Owner, new Audience(r.ShareKind, r.ShareWith), r.DefaultFor,
        JsonSerializer.Deserialize<List<Tile>>(r.Tiles, Json) ?? [], r.Version, r.UpdatedAt,
        r.Owner == v.UserName && r.ShareKind == Audience.Person || v.Configures);

    public static async Task<IReadOnlyList<Dashboard>> VisibleAsync(DbConnection c, Viewer v) =>
        (await c.QueryAsync<Row>($"{Select} WHERE {Visible} ORDER BY d.name, d.id", Args(v))).Select(r => View(r, v)).ToList();

    /// <summary>Null when there is no such dashboard or the viewer may not see it.</summary>
    public static async Task<Dashboard?> FindAsync(DbConnection c, DbTransaction? tx, Viewer v, long id) =>
        (await c.QueryAsync<Row>($"{Select} WHERE d.id = @Id AND {Visible}", Args(v, new { Id = id }), tx)).Select(r => View(r, v)).FirstOrDefault();

    /// <summary>A dashboard whoever may see it (a subscription's, checked when it was made); null when deleted.</summary>
    public static async Task<Dashboard?> ByIdAsync(DbConnection c, long id) =>
        (await c.QueryAsync<Row>($"{Select} WHERE d.id = @Id", new { Id = id })).Select(r => View(r, new Viewer("", [], null, false))).FirstOrDefault();

    /// <summary>The dashboard a person lands on: the last one they saved for themselves, else their highest role's default.</summary>
    public static async Task<Dashboard?> HomeAsync(DbConnection c, Viewer v)
    {
        var own = (await c.QueryAsync<Row>($"{Select} WHERE d.owner = @UserName AND d.share_kind = 'person' ORDER BY d.updated_at DESC, d.id DESC",
            Args(v))).FirstOrDefault();
        if (own is not null) return View(own, v);
        var defaults = (await c.QueryAsync<Row>($"{Select} WHERE r.role IN @Roles", Args(v))).ToList();
        return RoleRank.Select(role => defaults.FirstOrDefault(d => d.DefaultFor == role)).OfType<Row>().Select(r => View(r, v)).FirstOrDefault();
    }

    public static async Task<long> InsertAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, string owner, string name, Audience audience,
        IReadOnlyList<Tile> tiles, DateTimeOffset now) =>
        await c.ExecuteScalarAsync<long>(dialect.InsertReturningId("rpt_dashboards",
            "name, owner, share_kind, share_with, tiles, version, created_at, updated_at", "@Name, @Owner, @Kind, @With, @Tiles, 1, @Now, @Now"),
            new { Name = name, Owner = owner, audience.Kind, With = audience.Name, Tiles = Serialize(tiles), Now = now }, tx);

    /// <summary>False when the version is not the dashboard's (someone saved it meanwhile).</summary>
    public static async Task<bool> UpdateAsync(DbConnection c, DbTransaction tx, long id, long version, string name, Audience audience,
        IReadOnlyList<Tile> tiles, DateTimeOffset now) =>
        await c.ExecuteAsync("""
            UPDATE rpt_dashboards SET name = @Name, share_kind = @Kind, share_with = @With, tiles = @Tiles, version = version + 1, updated_at = @Now
            WHERE id = @Id AND version = @Version
            """, new { Id = id, Version = version, Name = name, audience.Kind, With = audience.Name, Tiles = Serialize(tiles), Now = now }, tx) == 1;

    /// <summary>Makes the dashboard its role's default (replacing the role's previous one), or stops it being any role's.</summary>
    public static async Task SetDefaultAsync(DbConnection c, DbTransaction tx, ISqlDialect dialect, long id, string? role)
    {
        await c.ExecuteAsync("DELETE FROM rpt_role_dashboards WHERE dashboard_id = @Id", new { Id = id }, tx);
        if (role is null) return;
        await c.ExecuteAsync(dialect.InsertIfAbsent("rpt_role_dashboards", "role, dashboard_id", "@Role, @Id", "role"), new { Role = role, Id = id }, tx);
        await c.ExecuteAsync("UPDATE rpt_role_dashboards SET dashboard_id = @Id WHERE role = @Role", new { Role = role, Id = id }, tx);
    }

    public static async Task DeleteAsync(DbConnection c, DbTransaction tx, long id) => await c.ExecuteAsync("""
        DELETE FROM rpt_role_dashboards WHERE dashboard_id = @Id;
        DELETE FROM rpt_dashboards WHERE id = @Id;
        """, new { Id = id }, tx);
}

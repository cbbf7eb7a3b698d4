using System.Data.Common;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Contracts;
using Dapper;

namespace Csm.Modules.Surveys.Data;

/// <summary>A survey as the API shows it: the current version's questions.</summary>
internal sealed record SurveyView(
    long Id, string Name, Touchpoint Touchpoint, int Version, long Revision, LocalizedText Title,
    IReadOnlyList<Question> Questions, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record SurveyRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string Touchpoint { get; init; } = "";
    public long Version { get; init; }
    public long Revision { get; init; }
    public string Definition { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public SurveyDefinition Parsed => SurveyDefinition.FromJson(Definition);
    public Touchpoint TouchpointValue => EnumText.Parse<Touchpoint>(Touchpoint);

    public SurveyView ToView()
    {
        var d = Parsed;
        return new SurveyView(Id, Name, TouchpointValue, (int)Version, Revision, d.Title, d.Questions, CreatedAt, UpdatedAt);
    }
}

internal static class SurveyQueries
{
    private const string Select = """
        SELECT s.id, s.name, s.touchpoint, v.version, s.revision, v.definition, s.created_at AS CreatedAt, s.updated_at AS UpdatedAt
        FROM srv_surveys s JOIN srv_survey_versions v ON v.survey_id = s.id
        """;

    public static Task<SurveyRow?> CurrentAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<SurveyRow>($"{Select} AND v.version = s.current_version WHERE s.id = @Id", new { Id = id }, tx);

    /// <summary>The current version of the survey behind a reusable link that takes answers.</summary>
    public static Task<SurveyRow?> ByLinkAsync(DbConnection c, string linkId) => linkId.Length > 64
        ? Task.FromResult<SurveyRow?>(null)
        : c.QuerySingleOrDefaultAsync<SurveyRow>(
            $"{Select} AND v.version = s.current_version JOIN srv_survey_links l ON l.survey_id = s.id WHERE l.link_id = @LinkId AND l.enabled = 1",
            new { LinkId = linkId });

    public static Task<SurveyRow?> VersionAsync(DbConnection c, long id, int version, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<SurveyRow>($"{Select} AND v.version = @Version WHERE s.id = @Id", new { Id = id, Version = version }, tx);

    /// <summary>A new survey at version 1, in the session's transaction.</summary>
    public static async Task<long> InsertAsync(DbSession session, string name, Touchpoint touchpoint, SurveyDefinition definition, DateTimeOffset now)
    {
        var c = await session.ConnectionAsync();
        var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("srv_surveys",
                "name, touchpoint, current_version, revision, created_at, updated_at", "@Name, @Touchpoint, 1, 1, @Now, @Now"),
            new { Name = name, Touchpoint = EnumText.Of(touchpoint), Now = now }, session.Transaction);
        await c.ExecuteAsync("INSERT INTO srv_survey_versions (survey_id, version, definition, created_at) VALUES (@Id, 1, @Definition, @Now)",
            new { Id = id, Definition = definition.ToJson(), Now = now }, session.Transaction);
        return id;
    }

    public static async Task<(IReadOnlyList<SurveyRow> Rows, long Total)> PageAsync(DbConnection c, ISqlDialect dialect, PageRequest page)
    {
        var rows = (await c.QueryAsync<SurveyRow>($"{Select} AND v.version = s.current_version ORDER BY s.id {dialect.Page}",
            new { page.Offset, Limit = page.PageSize })).ToList();
        return (rows, await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_surveys"));
    }
}

using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Themes;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// Comment themes from keyword dictionaries in Chinese and English. A keyword matches anywhere in a comment
/// (substring, case-insensitive for Latin letters). Changing a dictionary re-tags every response at once.
/// </summary>
internal static class FeedbackThemes
{
    public sealed record Keywords(IReadOnlyList<string> Zh, IReadOnlyList<string> En);

    public sealed record CreateRequest(string Code, LocalizedText Name, Keywords Keywords);

    public sealed record UpdateRequest(LocalizedText Name, Keywords Keywords, long Revision);

    /// <param name="Responses">How many responses carry the theme now.</param>
    public sealed record Theme(long Id, string Code, LocalizedText Name, Keywords Keywords, long Revision, long Responses);

    internal sealed class KeywordsValidator : Validator<Keywords>
    {
        public KeywordsValidator()
        {
            RuleFor(k => k.Zh).Cascade(CascadeMode.Stop).NotNull().Must(l => l.Count <= 200).WithMessage("At most 200 keywords per language.");
            RuleFor(k => k.En).Cascade(CascadeMode.Stop).NotNull().Must(l => l.Count <= 200).WithMessage("At most 200 keywords per language.");
            RuleForEach(k => k.Zh).NotEmpty().MaximumLength(100);
            RuleForEach(k => k.En).NotEmpty().MaximumLength(100);
            RuleFor(k => k).Must(k => k.Zh is null || k.En is null || k.Zh.Count + k.En.Count > 0)
                .WithName("zh").WithMessage("A theme needs at least one keyword.");
        }
    }

    internal sealed class CreateValidator : Validator<CreateRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.Code).NotEmpty().Matches("^[A-Za-z][A-Za-z0-9-]{0,63}$").WithMessage("A code is a letter, then up to 63 letters, digits or '-'.");
            RuleFor(r => r.Name).NotNull().SetValidator(new LocalizedTextValidator());
            RuleFor(r => r.Keywords).NotNull().SetValidator(new KeywordsValidator());
        }
    }

    internal sealed class UpdateValidator : Validator<UpdateRequest>
    {
        public UpdateValidator()
        {
            RuleFor(r => r.Name).NotNull().SetValidator(new LocalizedTextValidator());
            RuleFor(r => r.Keywords).NotNull().SetValidator(new KeywordsValidator());
        }
    }

    private sealed record ThemeRow
    {
        public long Id { get; init; }
        public string Code { get; init; } = "";
        public string NameZh { get; init; } = "";
        public string NameEn { get; init; } = "";
        public long Revision { get; init; }
        public long Responses { get; init; }
    }

    private static async Task<IReadOnlyList<Theme>> LoadAsync(DbSession session, long? id)
    {
        var c = await session.ConnectionAsync();
        var tx = session.Transaction;
        var themes = await c.QueryAsync<ThemeRow>(
            """
            SELECT t.id, t.code, t.name_zh AS NameZh, t.name_en AS NameEn, t.revision,
              (SELECT COUNT(*) FROM srv_response_themes rt WHERE rt.theme_id = t.id) AS Responses
            FROM srv_themes t WHERE @Id IS NULL OR t.id = @Id ORDER BY t.id
            """, new { Id = id }, tx);
        var keywords = (await c.QueryAsync<(long ThemeId, string Language, string Keyword)>(
            "SELECT theme_id, language, keyword FROM srv_theme_keywords WHERE @Id IS NULL OR theme_id = @Id ORDER BY keyword", new { Id = id }, tx))
            .ToLookup(k => (k.ThemeId, k.Language), k => k.Keyword);
        return themes.Select(t => new Theme(t.Id, t.Code, new LocalizedText(t.NameZh, t.NameEn),
            new Keywords(keywords[(t.Id, "zh")].ToList(), keywords[(t.Id, "en")].ToList()), t.Revision, t.Responses)).ToList();
    }

    private static async Task ReplaceKeywordsAsync(DbSession session, long id, Keywords keywords, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var tx = session.Transaction!;
        await c.ExecuteAsync("DELETE FROM srv_theme_keywords WHERE theme_id = @Id", new { Id = id }, tx);
        var rows = keywords.Zh.Select(k => (Language: "zh", Keyword: k.Trim())).Concat(keywords.En.Select(k => (Language: "en", Keyword: k.Trim())))
            .DistinctBy(k => (k.Language, k.Keyword.ToLowerInvariant()))
            .Select(k => new { Id = id, k.Language, k.Keyword, Pattern = session.Dialect.Contains(k.Keyword) });
        await c.ExecuteAsync("INSERT INTO srv_theme_keywords (theme_id, language, keyword, pattern) VALUES (@Id, @Language, @Keyword, @Pattern)", rows, tx);
        await ThemeTagger.RetagThemeAsync(c, tx, session.Dialect, id);
    }

    internal sealed class ListThemes(DbSession session) : EndpointWithoutRequest<Ok<Paged<FeedbackThemes.Theme>>>
    {
        public override void Configure()
        {
            Get("feedback-themes");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_ListThemes")
                .WithSummary("Feedback themes with their keyword dictionaries"));
        }

        public override async Task<Ok<Paged<Theme>>> ExecuteAsync(CancellationToken ct)
        {
            var themes = await LoadAsync(session, null);
            return TypedResults.Ok(new Paged<Theme>(themes, themes.Count, 1, Math.Max(themes.Count, 1)));
        }
    }

    internal sealed class CreateTheme(DbSession session, AuditTrail audit, TimeProvider clock)
        : Endpoint<FeedbackThemes.CreateRequest, Results<Created<FeedbackThemes.Theme>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Post("feedback-themes");
            Group<SurveysGroup>();
            Policies(Access.Manager);
            Description(d => d
                .WithName("Surveys_CreateTheme")
                .WithSummary("Adds a theme and tags every existing response with it")
                .WithIdempotency()
                .ProducesProblem(StatusCodes.Status409Conflict));
        }

        public override async Task<Results<Created<Theme>, ProblemHttpResult>> ExecuteAsync(CreateRequest request, CancellationToken ct)
        {
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_themes WHERE code = @Code", new { request.Code }, tx) > 0)
                return Problems.Conflict($"A theme with the code '{request.Code}' exists.");
            var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("srv_themes", "code, name_zh, name_en, revision, updated_at",
                "@Code, @Zh, @En, 1, @Now"), new { request.Code, request.Name.Zh, request.Name.En, Now = clock.GetUtcNow() }, tx);
            await ReplaceKeywordsAsync(session, id, request.Keywords, ct);
            var theme = (await LoadAsync(session, id))[0];
            await audit.RecordAsync("surveys", "theme.created", "theme", id, after: theme, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/feedback-themes/{id}", theme);
        }
    }

    internal sealed class UpdateTheme(DbSession session, AuditTrail audit, TimeProvider clock)
        : Endpoint<FeedbackThemes.UpdateRequest, Results<Ok<FeedbackThemes.Theme>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Put("feedback-themes/{id:long}");
            Group<SurveysGroup>();
            Policies(Access.Manager);
            Description(d => d
                .WithName("Surveys_UpdateTheme")
                .WithSummary("Replaces a theme's dictionaries and re-tags every response")
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict));
        }

        public override async Task<Results<Ok<Theme>, ProblemHttpResult>> ExecuteAsync(UpdateRequest request, CancellationToken ct)
        {
            var id = Route<long>("id");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var revision = await c.QuerySingleOrDefaultAsync<long?>("SELECT revision FROM srv_themes WHERE id = @Id", new { Id = id }, tx);
            if (revision is null) return Problems.NotFound("Theme", id);
            var before = (await LoadAsync(session, id))[0];
            var updated = await c.ExecuteAsync(
                "UPDATE srv_themes SET name_zh = @Zh, name_en = @En, revision = revision + 1, updated_at = @Now WHERE id = @Id AND revision = @Revision",
                new { Id = id, request.Name.Zh, request.Name.En, Now = clock.GetUtcNow(), request.Revision }, tx);
            if (updated == 0) return Problems.StaleVersion(request.Revision, revision.Value);
            await ReplaceKeywordsAsync(session, id, request.Keywords, ct);
            var theme = (await LoadAsync(session, id))[0];
            await audit.RecordAsync("surveys", "theme.updated", "theme", id, before, theme, ct);
            await session.CommitAsync(ct);
            return TypedResults.Ok(theme);
        }
    }
}

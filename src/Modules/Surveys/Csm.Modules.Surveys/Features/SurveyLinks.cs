using System.Buffers.Text;
using System.Data.Common;
using System.Security.Cryptography;
using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// A survey's reusable public link, for the feedback widget, a shared link and printed QR codes: many answers, one per
/// browser. Its id is unguessable (128 random bits) and kept, so switching the link off and on again revives the QR codes
/// already printed; the editor shows it again, so it is stored as it is.
/// </summary>
internal static class SurveyLinks
{
    /// <param name="Path">The survey page of the link, on this host (null while the survey never had one).</param>
    public sealed record LinkView(bool Enabled, string? LinkId, string? Path);

    public sealed record Request(bool Enabled);

    private sealed record Row
    {
        public string LinkId { get; init; } = "";
        public long Enabled { get; init; }
    }

    private static async Task<LinkView?> ViewAsync(DbConnection c, DbTransaction? tx, long surveyId)
    {
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_surveys WHERE id = @Id", new { Id = surveyId }, tx) == 0) return null;
        var row = await c.QuerySingleOrDefaultAsync<Row>(
            "SELECT link_id AS LinkId, enabled FROM srv_survey_links WHERE survey_id = @Id", new { Id = surveyId }, tx);
        return row is null ? new LinkView(false, null, null) : new LinkView(row.Enabled == 1, row.LinkId, $"/f/{row.LinkId}");
    }

    internal sealed class GetSurveyLink(DbSession session) : EndpointWithoutRequest<Results<Ok<LinkView>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("surveys/{id:long}/link");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_GetLink")
                .WithSummary("The survey's reusable public link (widget, shared link, QR code) and whether it takes answers")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<LinkView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var view = await ViewAsync(await session.ConnectionAsync(ct), null, id);
            return view is null ? Problems.NotFound("Survey", id) : TypedResults.Ok(view);
        }
    }

    internal sealed class SetSurveyLink(DbSession session, AuditTrail audit, TimeProvider clock)
        : Endpoint<Request, Results<Ok<LinkView>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Put("surveys/{id:long}/link");
            Group<SurveysGroup>();
            Policies(Access.Manager);
            Description(d => d
                .WithName("Surveys_SetLink")
                .WithSummary("Switches the survey's reusable public link on (made the first time) or off (its page then answers 404)")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<LinkView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
        {
            var id = Route<long>("id");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = await ViewAsync(c, tx, id);
            if (before is null) return Problems.NotFound("Survey", id);
            var args = new { Id = id, Enabled = request.Enabled ? 1 : 0, Now = clock.GetUtcNow(), LinkId = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) };
            if (before.LinkId is null)
                await c.ExecuteAsync("INSERT INTO srv_survey_links (survey_id, link_id, enabled, updated_at) VALUES (@Id, @LinkId, @Enabled, @Now)", args, tx);
            else
                await c.ExecuteAsync("UPDATE srv_survey_links SET enabled = @Enabled, updated_at = @Now WHERE survey_id = @Id", args, tx);
            var after = (await ViewAsync(c, tx, id))!;
            await audit.RecordAsync("surveys", "surveyLink.set", "survey", id, before, after, ct);
            await session.CommitAsync(ct);
            return TypedResults.Ok(after);
        }
    }
}

using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Surveys.Data;
using Csm.Modules.Surveys.Invitations;
using Dapper;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// The surveys waiting for the signed-in portal customer: their invitations that were sent, are not answered and have
/// not expired. Only the customer's own; anonymous and suppressed invitations never show.
/// </summary>
internal sealed class ListPortalSurveys(DbSession session, TimeProvider clock) : EndpointWithoutRequest<Ok<IReadOnlyList<ListPortalSurveys.Item>>>
{
    public sealed record Item(long InvitationId, string Title, DateTimeOffset ExpiresAt);

    internal const string Open = """
        customer_id = @Customer AND token_hash IS NOT NULL AND status IN ('queued', 'sent', 'opened') AND send_at <= @Now AND expires_at > @Now
        """;

    public override void Configure()
    {
        Get("surveys");
        Group<PortalGroup>();
        Description(d => d.WithName("Portal_ListSurveys").WithSummary("The surveys the customer was invited to and has not answered yet"));
    }

    public override async Task<Ok<IReadOnlyList<Item>>> ExecuteAsync(CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var language = User.FindFirst(Portal.LanguageClaim)?.Value ?? Languages.Chinese;
        var open = (await c.QueryAsync<(long Id, long SurveyId, DateTimeOffset ExpiresAt)>(
            $"SELECT id, survey_id, expires_at FROM srv_invitations WHERE {Open} ORDER BY expires_at, id",
            new { Customer = User.PortalCustomerId(), Now = clock.GetUtcNow() })).ToList();
        var items = new List<Item>(open.Count);
        foreach (var surveyId in open.Select(o => o.SurveyId).Distinct())
        {
            var title = (await SurveyQueries.CurrentAsync(c, surveyId))!.Parsed.Title.In(language);
            items.AddRange(open.Where(o => o.SurveyId == surveyId).Select(o => new Item(o.Id, title, o.ExpiresAt)));
        }
        return TypedResults.Ok((IReadOnlyList<Item>)items.OrderBy(i => i.ExpiresAt).ThenBy(i => i.InvitationId).ToList());
    }
}

/// <summary>
/// Opens one of the customer's open surveys from the portal: a fresh token of the portal's own for the invitation (the
/// e-mailed link keeps working), answered at the usual public survey page. Each call replaces the portal's last token.
/// </summary>
internal sealed class OpenPortalSurvey(DbSession session, TimeProvider clock) : EndpointWithoutRequest<Results<Ok<OpenPortalSurvey.Link>, ProblemHttpResult>>
{
    /// <param name="Url">The survey page, relative to Csm's origin (/s/{token}).</param>
    public sealed record Link(string Url);

    public override void Configure()
    {
        Post("surveys/{invitationId:long}/link");
        Group<PortalGroup>();
        Description(d => d
            .WithName("Portal_OpenSurvey")
            .WithSummary("A link to answer one of the customer's open surveys")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<Link>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("invitationId");
        var token = InvitationToken.New();
        var tx = await session.BeginAsync(ct);
        var changed = await (await session.ConnectionAsync(ct)).ExecuteAsync(
            $"UPDATE srv_invitations SET portal_token_hash = @Hash WHERE id = @Id AND {ListPortalSurveys.Open}",
            new { Id = id, Hash = InvitationToken.Hash(token), Customer = User.PortalCustomerId(), Now = clock.GetUtcNow() }, tx);
        if (changed == 0)
        {
            await session.RollbackAsync(ct);
            return Problems.NotFound("Open survey", id);
        }
        await session.CommitAsync(ct);
        return TypedResults.Ok(new Link($"/s/{token}"));
    }
}

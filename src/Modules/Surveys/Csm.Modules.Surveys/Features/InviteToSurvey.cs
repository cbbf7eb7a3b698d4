using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.BuildingBlocks.Messaging;
using Csm.Modules.Surveys.Delivery;
using Csm.Modules.Surveys.Invitations;
using Csm.Modules.Surveys.Data;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// One invitation by hand: an e-mail or SMS to a customer, or a link to share. An anonymous link keeps no
/// customer at all, so its answer cannot be traced back to anyone.
/// </summary>
internal sealed class InviteToSurvey(DbSession session, Outbox outbox, InvitationIssuer issuer, IOptions<SurveysOptions> options, TimeProvider clock)
    : Endpoint<InviteToSurvey.Request, Results<Created<InviteToSurvey.Response>, ProblemHttpResult>>
{
    /// <param name="Channel">"email", "sms" or "link".</param>
    /// <param name="Language">"zh-CN" or "en"; defaults to the customer's language (or English for an anonymous link).</param>
    /// <param name="RemindAfterHours">Sends a reminder (e-mail or SMS) this many hours later unless answered by then.</param>
    public sealed record Request(long? CustomerId, string Channel, bool Anonymous = false, int? ValidDays = null, string? Language = null, int? RemindAfterHours = null);

    /// <param name="Token">Shown once: only its hash is stored.</param>
    public new sealed record Response(long InvitationId, string Status, string? SuppressedReason, string? Token, string? Link, DateTimeOffset ExpiresAt);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Channel).Must(c => Channels.All.Contains(c)).WithMessage("The channel is 'email', 'sms' or 'link'.");
            RuleFor(r => r.CustomerId).NotNull().WithMessage("An e-mail or SMS goes to a customer.")
                .When(r => r.Channel is Channels.Email or Channels.Sms);
            RuleFor(r => r.CustomerId).Null().WithMessage("An anonymous invitation keeps no customer.").When(r => r.Anonymous);
            RuleFor(r => r.Anonymous).Must(a => !a).WithMessage("Only a link can be anonymous: an e-mail or SMS needs an address.")
                .When(r => r.Channel is Channels.Email or Channels.Sms);
            RuleFor(r => r.ValidDays).InclusiveBetween(1, 365);
            RuleFor(r => r.RemindAfterHours).InclusiveBetween(1, 24 * 90);
            RuleFor(r => r.RemindAfterHours).Null().WithMessage("A link is not sent, so it has no reminder.").When(r => r.Channel == Channels.Link);
            RuleFor(r => r.Language).Must(l => l is Languages.Chinese or Languages.English).WithMessage("The language is 'zh-CN' or 'en'.")
                .When(r => r.Language is not null);
        }
    }

    public override void Configure()
    {
        Post("surveys/{id:long}/invitations");
        Group<SurveysGroup>();
        Description(d => d
            .WithName("Surveys_Invite")
            .WithSummary("Invites a customer by e-mail or SMS, or creates a (possibly anonymous) link to share")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Created<Response>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var survey = await SurveyQueries.CurrentAsync(c, id, tx);
        if (survey is null) return Problems.NotFound("Survey", id);
        Recipient recipient = new() { Language = Languages.Normalize(request.Language) };
        if (request.CustomerId is { } customerId)
        {
            var known = await c.QuerySingleOrDefaultAsync<Recipient>($"{Recipients.Select} WHERE customer_id = @Id", new { Id = customerId }, tx);
            if (known is null) return Problems.NotFound("Customer", customerId);
            recipient = request.Language is null ? known : known with { Language = Languages.Normalize(request.Language) };
        }
        var validFor = TimeSpan.FromDays(request.ValidDays ?? options.Value.DefaultValidDays);
        var issued = (await issuer.IssueAsync(session, outbox, survey.Parsed,
            new IssueRequest(id, null, request.Channel, clock.GetUtcNow(), validFor, null,
                request.RemindAfterHours is { } hours ? TimeSpan.FromHours(hours) : null), [recipient], ct))[0];
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/surveys/{id}/invitations?id={issued.InvitationId}", new Response(issued.InvitationId, issued.Status,
            issued.SuppressedReason, issued.Token, issued.Token is null ? null : issuer.Link(issued.Token), issued.ExpiresAt));
    }
}

using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Surveys.Delivery;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// How a survey reaches customers on its own: after a ticket of a type is resolved (with a delay), or on a
/// schedule to a segment of customers (relationship NPS). Only the most specific ticket distribution applies to a ticket.
/// </summary>
internal static class Distributions
{
    public const string TicketResolved = "ticketResolved";
    public const string Relationship = "relationship";

    /// <param name="Kind">"ticketResolved" or "relationship".</param>
    /// <param name="TicketType">For ticketResolved: the ticket type code; null means every type without its own distribution.</param>
    /// <param name="EveryDays">For relationship: the period between runs (e.g. 91 for quarterly).</param>
    /// <param name="FirstRunAt">For relationship: the first run; defaults to now.</param>
    public sealed record Request(
        string Kind, string Channel, string? TicketType = null, int DelayMinutes = 0, int ValidDays = 14,
        IReadOnlyList<CustomerTier>? Tiers = null, IReadOnlyList<string>? Tags = null, int? EveryDays = null, DateTimeOffset? FirstRunAt = null,
        int? RemindAfterHours = null);

    public sealed record Item
    {
        public long Id { get; init; }
        public long SurveyId { get; init; }
        public string Kind { get; init; } = "";
        public string Channel { get; init; } = "";
        public string? TicketType { get; init; }
        public long DelayMinutes { get; init; }
        public long ValidHours { get; init; }
        public string? SegmentTiers { get; init; }
        public string? SegmentTags { get; init; }
        public long? EveryDays { get; init; }
        public DateTimeOffset? NextRunAt { get; init; }
        public long? RemindAfterHours { get; init; }
    }

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Kind).Must(k => k is TicketResolved or Relationship).WithMessage("The kind is 'ticketResolved' or 'relationship'.");
            RuleFor(r => r.Channel).Must(c => c is Channels.Email or Channels.Sms).WithMessage("The channel is 'email' or 'sms'.");
            RuleFor(r => r.TicketType).MaximumLength(64);
            RuleFor(r => r.DelayMinutes).InclusiveBetween(0, 60 * 24 * 30);
            RuleFor(r => r.ValidDays).InclusiveBetween(1, 365);
            RuleFor(r => r.EveryDays).NotNull().InclusiveBetween(1, 366).When(r => r.Kind == Relationship);
            RuleFor(r => r.EveryDays).Null().WithMessage("Only a relationship distribution runs on a schedule.").When(r => r.Kind == TicketResolved);
            RuleForEach(r => r.Tiers).IsInEnum();
            RuleForEach(r => r.Tags).NotEmpty().MaximumLength(100);
            RuleFor(r => r.RemindAfterHours).InclusiveBetween(1, 24 * 90)
                .Must((r, h) => h < r.ValidDays * 24).WithMessage("The reminder must come before the invitation expires.")
                .When(r => r.RemindAfterHours is not null);
        }
    }

    private const string Select = """
        SELECT id, survey_id AS SurveyId, kind, channel, ticket_type AS TicketType, delay_minutes AS DelayMinutes, valid_hours AS ValidHours,
          segment_tiers AS SegmentTiers, segment_tags AS SegmentTags, every_days AS EveryDays, next_run_at AS NextRunAt,
          remind_after_hours AS RemindAfterHours
        FROM srv_distributions
        """;

    internal sealed class AddDistribution(DbSession session, AuditTrail audit, TimeProvider clock)
        : Endpoint<Distributions.Request, Results<Created<Distributions.Item>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Post("surveys/{id:long}/distributions");
            Group<SurveysGroup>();
            Policies(Access.Manager);
            Description(d => d
                .WithName("Surveys_AddDistribution")
                .WithSummary("Sends a survey after resolved tickets of a type, or on a schedule to a segment")
                .WithIdempotency()
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Created<Item>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
        {
            var id = Route<long>("id");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM srv_surveys WHERE id = @Id", new { Id = id }, tx) == 0)
                return Problems.NotFound("Survey", id);
            var now = clock.GetUtcNow();
            var relationship = request.Kind == Relationship;
            var newId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("srv_distributions",
                    "survey_id, kind, ticket_type, delay_minutes, channel, valid_hours, segment_tiers, segment_tags, every_days, next_run_at, enabled, remind_after_hours, created_at",
                    "@SurveyId, @Kind, @TicketType, @DelayMinutes, @Channel, @ValidHours, @Tiers, @Tags, @EveryDays, @NextRunAt, 1, @RemindAfterHours, @Now"),
                new
                {
                    SurveyId = id, request.Kind, TicketType = relationship ? null : request.TicketType, request.DelayMinutes, request.Channel,
                    ValidHours = request.ValidDays * 24,
                    Tiers = relationship && request.Tiers is { Count: > 0 } t ? string.Join(',', t.Distinct().Select(x => EnumText.Of(x))) : null,
                    Tags = relationship && request.Tags is { Count: > 0 } g ? string.Join('\n', g.Distinct()) : null,
                    EveryDays = relationship ? request.EveryDays : null,
                    NextRunAt = relationship ? request.FirstRunAt ?? now : (DateTimeOffset?)null, request.RemindAfterHours, Now = now,
                }, tx);
            var item = await c.QuerySingleAsync<Item>($"{Select} WHERE id = @Id", new { Id = newId }, tx);
            await audit.RecordAsync("surveys", "distribution.created", "distribution", newId, after: item, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/surveys/{id}/distributions/{newId}", item);
        }
    }

    internal sealed class ListDistributions(DbSession session) : EndpointWithoutRequest<Ok<Paged<Distributions.Item>>>
    {
        public override void Configure()
        {
            Get("surveys/{id:long}/distributions");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_ListDistributions")
                .WithSummary("A survey's distributions"));
        }

        public override async Task<Ok<Paged<Item>>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var c = await session.ConnectionAsync(ct);
            var items = (await c.QueryAsync<Item>($"{Select} WHERE survey_id = @Id AND enabled = 1 ORDER BY id", new { Id = id })).ToList();
            return TypedResults.Ok(new Paged<Item>(items, items.Count, 1, Math.Max(items.Count, 1)));
        }
    }

    internal sealed class StopDistribution(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Delete("surveys/{id:long}/distributions/{distributionId:long}");
            Group<SurveysGroup>();
            Policies(Access.Manager);
            Description(d => d
                .WithName("Surveys_StopDistribution")
                .WithSummary("Stops a distribution; invitations already issued stay")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var distributionId = Route<long>("distributionId");
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = await c.QuerySingleOrDefaultAsync<Item>($"{Select} WHERE id = @DistributionId AND survey_id = @Id", new { Id = id, DistributionId = distributionId }, tx);
            var stopped = await c.ExecuteAsync("UPDATE srv_distributions SET enabled = 0 WHERE id = @DistributionId AND survey_id = @Id AND enabled = 1",
                new { Id = id, DistributionId = distributionId }, tx);
            if (stopped == 0) return Problems.NotFound("Distribution", distributionId);
            // A stopped distribution is gone from the survey's list: nothing after, as for a deletion.
            await audit.RecordAsync("surveys", "distribution.stopped", "distribution", distributionId, before, null, ct);
            await session.CommitAsync(ct);
            return TypedResults.NoContent();
        }
    }
}

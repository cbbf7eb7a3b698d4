using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Surveys.Invitations;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Csm.Modules.Surveys.Features;

/// <summary>
/// The quiet period and the cap, per customer tier, across every survey and channel. The "default" policy
/// applies to tiers without their own (14 quiet days, at most 4 surveys in 90 days unless changed).
/// </summary>
internal static class FatiguePolicies
{
    public sealed record Request(int QuietDays, int CapCount, int CapDays);

    public sealed record Item(string Tier, long QuietDays, long CapCount, long CapDays);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.QuietDays).InclusiveBetween(0, 365);
            RuleFor(r => r.CapCount).InclusiveBetween(1, 100);
            RuleFor(r => r.CapDays).InclusiveBetween(1, 366);
        }
    }

    private static string Shown(string tier) => tier == FatiguePolicy.AnyTier ? "default" : tier;

    internal sealed class ListFatiguePolicies(DbSession session) : EndpointWithoutRequest<Ok<Paged<FatiguePolicies.Item>>>
    {
        public override void Configure()
        {
            Get("survey-fatigue-policies");
            Group<SurveysGroup>();
            Description(d => d
                .WithName("Surveys_ListFatiguePolicies")
                .WithSummary("Quiet period and cap per tier ('default' for tiers without their own)"));
        }

        public override async Task<Ok<Paged<Item>>> ExecuteAsync(CancellationToken ct)
        {
            var c = await session.ConnectionAsync(ct);
            var items = (await Fatigue.PoliciesAsync(c, null)).Select(p => new Item(Shown(p.Tier), p.QuietDays, p.CapCount, p.CapDays)).ToList();
            return TypedResults.Ok(new Paged<Item>(items, items.Count, 1, Math.Max(items.Count, 1)));
        }
    }

    internal sealed class SetFatiguePolicy(DbSession session, AuditTrail audit, TimeProvider clock)
        : Endpoint<FatiguePolicies.Request, Results<Ok<FatiguePolicies.Item>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Put("survey-fatigue-policies/{tier}");
            Group<SurveysGroup>();
            Policies(Access.Manager);
            Description(d => d
                .WithName("Surveys_SetFatiguePolicy")
                .WithSummary("Sets the quiet period and cap of a tier: 'default', 'vip', 'standard' or 'prospect'")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<Item>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
        {
            var tier = Route<string>("tier")!;
            string stored;
            if (tier == "default") stored = FatiguePolicy.AnyTier;
            else if (EnumText.TryParse<CustomerTier>(tier, out var parsed)) stored = EnumText.Of(parsed);
            else return Problems.NotFound("Tier", tier);
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = (await Fatigue.PoliciesAsync(c, tx)).Where(p => p.Tier == stored).Select(p => new Item(Shown(p.Tier), p.QuietDays, p.CapCount, p.CapDays)).FirstOrDefault();
            var args = new { Tier = stored, request.QuietDays, request.CapCount, request.CapDays, Now = clock.GetUtcNow() };
            var updated = await c.ExecuteAsync(
                "UPDATE srv_fatigue_policies SET quiet_days = @QuietDays, cap_count = @CapCount, cap_days = @CapDays, updated_at = @Now WHERE tier = @Tier", args, tx);
            if (updated == 0)
                await c.ExecuteAsync("INSERT INTO srv_fatigue_policies (tier, quiet_days, cap_count, cap_days, updated_at) VALUES (@Tier, @QuietDays, @CapCount, @CapDays, @Now)", args, tx);
            var after = new Item(Shown(stored), request.QuietDays, request.CapCount, request.CapDays);
            await audit.RecordAsync("surveys", "fatiguePolicy.set", "fatiguePolicy", Shown(stored), before, after, ct);
            await session.CommitAsync(ct);
            return TypedResults.Ok(after);
        }
    }
}

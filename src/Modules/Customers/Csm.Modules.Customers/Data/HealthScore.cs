namespace Csm.Modules.Customers.Data;

/// <summary>A 0–100 reading of how the relationship stands, with the reasons an account manager can act on.</summary>
internal sealed record Health(int Score, string Band, IReadOnlyList<string> Reasons);

internal static class HealthScore
{
    public sealed record Facts(
        int? LatestNps, int? LatestCsat, int? LatestCes, int OpenTickets, int BreachedOpenTickets,
        int? DaysToContractEnd, int? DaysSinceInteraction, bool HasActiveContract);

    /// <summary>Starts from 70 (no news) and moves with each signal; the weights favour what predicts churn: unhappy answers and breaches.</summary>
    public static Health Compute(Facts f)
    {
        var score = 70;
        var reasons = new List<string>();
        void Add(int delta, string reason) { score += delta; reasons.Add($"{(delta >= 0 ? "+" : "")}{delta} {reason}"); }

        switch (f.LatestNps)
        {
            case >= 9: Add(15, $"promoter (NPS answer {f.LatestNps})"); break;
            case <= 6 and >= 0: Add(-25, $"detractor (NPS answer {f.LatestNps})"); break;
        }
        if (f.LatestCsat is <= 2) Add(-10, $"low CSAT ({f.LatestCsat}/5)");
        else if (f.LatestCsat is >= 4) Add(5, $"satisfied (CSAT {f.LatestCsat}/5)");
        if (f.LatestCes is >= 5) Add(-10, $"high effort (CES {f.LatestCes}/7)");
        if (f.OpenTickets > 0) Add(-Math.Min(20, 5 * f.OpenTickets), $"{f.OpenTickets} open ticket(s)");
        if (f.BreachedOpenTickets > 0) Add(-10, $"{f.BreachedOpenTickets} ticket(s) past their SLA");
        if (f.DaysToContractEnd is >= 0 and <= 30) Add(-5, $"contract ends in {f.DaysToContractEnd} day(s)");
        if (!f.HasActiveContract) Add(-10, "no active contract");
        if (f.DaysSinceInteraction is null or > 90) Add(-10, f.DaysSinceInteraction is null ? "never contacted" : $"no contact for {f.DaysSinceInteraction} days");

        score = Math.Clamp(score, 0, 100);
        var band = score >= 70 ? "healthy" : score >= 45 ? "watch" : "atRisk";
        return new Health(score, band, reasons);
    }
}

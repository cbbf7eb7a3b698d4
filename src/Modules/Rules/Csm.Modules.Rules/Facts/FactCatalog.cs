namespace Csm.Modules.Rules.Facts;

/// <summary>How a fact's stored value reads: a number, a text, a tag set, or a count of days derived from a date or time.</summary>
internal enum FactType
{
    Number,
    Text,
    Tags,
    /// <summary>Days from today until a stored date (negative when it has passed).</summary>
    DaysUntilDate,
    /// <summary>Whole days since a stored date.</summary>
    DaysSinceDate,
    /// <summary>Whole days elapsed since a stored instant.</summary>
    DaysSinceTime,
}

/// <param name="Sql">An expression over rul_customer_facts f; it may use the fixed parameters of <see cref="FactParameters"/>.</param>
internal sealed record Fact(string Name, FactType Type, string Description, string Sql, IReadOnlyList<string>? AllowedValues = null)
{
    /// <summary>Set for "customFields.{name}": the field name goes into SQL as a parameter, never as text.</summary>
    public string? CustomField { get; init; }

    public bool IsDays => Type is FactType.DaysUntilDate or FactType.DaysSinceDate or FactType.DaysSinceTime;
    public bool IsNumeric => Type == FactType.Number || IsDays;
}

/// <summary>The facts a rule condition may use. Names are what managers type, so they are stable API.</summary>
internal static class FactCatalog
{
    public const string CustomFieldPrefix = "customFields.";
    private const string Inactive = "('cancelled', 'canceled', 'terminated', 'expired')";

    private static string Tickets(string column) => TicketRollup.FactSql(TicketRollup.Window(column));

    public static readonly IReadOnlyList<Fact> All =
    [
        new("tier", FactType.Text, "The customer's tier: vip, standard or prospect.", "f.tier", ["vip", "standard", "prospect"]),
        new("accountManager", FactType.Text, "User name of the customer's account manager.", "f.account_manager"),
        new("tags", FactType.Tags, "The customer's tags; use the contains operator.", "f.tags"),
        new("ticketsLast7Days", FactType.Number, "Tickets opened in the last 7 days (tasks excluded).", Tickets("tickets_7d")),
        new("ticketsLast30Days", FactType.Number, "Tickets opened in the last 30 days (tasks excluded).", Tickets("tickets_30d")),
        new("ticketsLast90Days", FactType.Number, "Tickets opened in the last 90 days (tasks excluded).", Tickets("tickets_90d")),
        new("weeklyTicketBaseline", FactType.Number, "The customer's own average tickets per week over the 26 weeks before the last 7 days.",
            Tickets("tickets_weekly_base") + " / 26.0"),
        new("monthlyTicketBaseline", FactType.Number, "The customer's own average tickets per 30 days over the 180 days before the last 30 days.",
            Tickets("tickets_monthly_base") + " / 6.0"),
        new("openTickets", FactType.Number, "Tickets not yet resolved (tasks excluded).",
            "(SELECT COUNT(*) FROM rul_tickets t WHERE t.customer_id = f.customer_id AND t.is_open = 1 AND (t.kind IS NULL OR t.kind <> 'task'))"),
        new("openComplaints", FactType.Number, "Complaints not yet resolved.",
            "(SELECT COUNT(*) FROM rul_tickets t WHERE t.customer_id = f.customer_id AND t.is_open = 1 AND t.kind = 'complaint')"),
        new("daysSinceLastSlaBreach", FactType.DaysSinceTime, "Days since a ticket of the customer last breached its SLA.", "f.last_sla_breach_at"),
        new("daysSinceLastInteraction", FactType.DaysSinceTime,
            "Days since the last call, e-mail, chat or visit (since the customer became known, if none).", "COALESCE(f.last_interaction_at, f.first_seen_at)"),
        new("daysToContractEnd", FactType.DaysUntilDate, "Days until the nearest end of an active contract.",
            $"(SELECT MIN(c.ends_on) FROM rul_contracts c WHERE c.customer_id = f.customer_id AND c.ends_on >= @Today AND c.status NOT IN {Inactive})"),
        new("contractNumber", FactType.Text, "The number of the active contract that ends first.",
            $"(SELECT MIN(c.number) FROM rul_contracts c WHERE c.customer_id = f.customer_id AND c.status NOT IN {Inactive} AND c.ends_on = "
            + $"(SELECT MIN(e.ends_on) FROM rul_contracts e WHERE e.customer_id = f.customer_id AND e.ends_on >= @Today AND e.status NOT IN {Inactive}))"),
        new("activeContractValue", FactType.Number, "Total value of the contracts that have not ended.",
            $"(SELECT SUM(c.value) FROM rul_contracts c WHERE c.customer_id = f.customer_id AND c.ends_on >= @Today AND c.status NOT IN {Inactive})"),
        new("daysToNextMaintenance", FactType.DaysUntilDate, "Days until the earliest maintenance due on the customer's assets (negative when overdue).",
            "(SELECT MIN(a.next_maintenance_on) FROM rul_assets a WHERE a.customer_id = f.customer_id)"),
        new("nextMaintenanceModel", FactType.Text, "The model of the asset whose maintenance is due first.",
            "(SELECT MIN(a.model) FROM rul_assets a WHERE a.customer_id = f.customer_id AND a.next_maintenance_on = "
            + "(SELECT MIN(m.next_maintenance_on) FROM rul_assets m WHERE m.customer_id = f.customer_id))"),
        new("latestNps", FactType.Number, "The latest NPS answer (0-10).", "f.nps"),
        new("latestCsat", FactType.Number, "The latest CSAT answer (1-5).", "f.csat"),
        new("latestCes", FactType.Number, "The latest CES answer (1-7, lower is easier).", "f.ces"),
        new("latestFeedback", FactType.Text, "How the latest survey answer reads: happy, neutral or unhappy.", "f.last_feedback", ["happy", "neutral", "unhappy"]),
        new("daysSinceLastSurvey", FactType.DaysSinceTime, "Days since the customer last answered a survey.", "f.last_survey_at"),
        new("orderCount", FactType.Number, "Orders recorded for the customer.", "f.order_count"),
        new("daysSinceLastOrder", FactType.DaysSinceDate, "Days since the last order.", "f.last_order_on"),
    ];

    private static readonly Dictionary<string, Fact> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>A catalog fact, or a custom field ("customFields.region"); null when there is no such fact.</summary>
    public static Fact? Find(string name)
    {
        if (ByName.TryGetValue(name, out var fact)) return fact;
        if (!name.StartsWith(CustomFieldPrefix, StringComparison.Ordinal)) return null;
        var field = name[CustomFieldPrefix.Length..];
        if (field.Length is 0 or > 100) return null;
        return new Fact(name, FactType.Text, "A custom field of the customer.",
            "(SELECT cf.value FROM rul_custom_fields cf WHERE cf.customer_id = f.customer_id AND cf.name = {0})") { CustomField = field };
    }

    public static string KnownNames => string.Join(", ", All.Select(f => f.Name)) + ", customFields.{name}";
}

/// <summary>The fixed parameters fact expressions use, computed from the clock and the tenant's calendar.</summary>
internal static class FactParameters
{
    public static Dictionary<string, object> For(DateTimeOffset now, DateOnly today) => new()
    {
        ["Now"] = now,
        ["Today"] = today,
        ["Day7"] = today.AddDays(-7),
        ["Day30"] = today.AddDays(-30),
        ["Day90"] = today.AddDays(-90),
        ["Day189"] = today.AddDays(-7 - 182),
        ["Day210"] = today.AddDays(-30 - 180),
    };
}

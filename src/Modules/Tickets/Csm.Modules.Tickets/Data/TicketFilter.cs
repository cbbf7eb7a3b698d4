using System.Data.Common;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Workflows;

namespace Csm.Modules.Tickets.Data;

/// <summary>
/// What the queue can be filtered by, as one value: the queue's query string, a saved view's filters, a bulk selection.
/// <see cref="Where"/> turns it into SQL over tkt_tickets with parameters named by a prefix, so several filters (every
/// view's) can be counted in one pass. <c>assignee: "@me"</c> means whoever looks.
/// </summary>
internal sealed record TicketFilter
{
    public string? Status { get; init; }
    public string? Stage { get; init; }
    public string? Assignee { get; init; }
    public string? Team { get; init; }
    public long? CustomerId { get; init; }
    public string? Priority { get; init; }
    public string? Type { get; init; }
    public string? Channel { get; init; }
    public bool? AtRisk { get; init; }
    public bool? Breached { get; init; }
    public string? Q { get; init; }
    /// <summary>Tickets carrying this tag (any case).</summary>
    public string? Tag { get; init; }
    /// <summary>"key=value": tickets whose field <c>key</c> holds exactly <c>value</c> (a multi-choice field: one of its choices).</summary>
    public string? Field { get; init; }

    public const string Me = "@me";

    /// <summary>The names a saved view may use, as its JSON spells them.</summary>
    public static readonly string[] Names = ["status", "stage", "assignee", "team", "customerId", "priority", "type", "channel", "atRisk", "breached", "q", "tag", "field"];

    // 2 = breached, 1 = at risk, 0 = on track; only a running clock can be late.
    public const string SlaRank = """
        CASE WHEN status <> 'open' THEN 0 WHEN next_due_at <= @Now THEN 2 WHEN next_risk_at <= @Now THEN 1 ELSE 0 END
        """;

    /// <summary>Each value this filter does not take, by the name it has in a view and in the queue's query string.</summary>
    public IEnumerable<(string Name, string Error)> Problems()
    {
        if (Status is not null and not (TicketStatus.Open or TicketStatus.WaitingForCustomer or TicketStatus.Closed or "active"))
            yield return ("status", "Status is open, waitingForCustomer, closed or active (not closed).");
        if (Priority is not null && !Enum.GetValues<TicketPriority>().Any(n => EnumText.Of(n) == Priority))
            yield return ("priority", "Priority is low, normal, high or urgent.");
        if (Channel is not null && !Enum.GetValues<TicketChannel>().Any(n => EnumText.Of(n) == Channel))
            yield return ("channel", "Channel is phone, email, chat, web, weChat or api.");
        if (Q is { Length: > 200 }) yield return ("q", "The search text is at most 200 characters.");
        if (Tag is { Length: > TicketFields.MaxTagLength }) yield return ("tag", $"A tag is at most {TicketFields.MaxTagLength} characters.");
        if (Field is not null && (FieldParts() is not var (fieldKey, fieldValue) || !TicketFields.KeyPattern().IsMatch(fieldKey) || fieldValue.Length > 4000))
            yield return ("field", "A field filter is key=value, the key a field's key (letters, digits, '_').");
        foreach (var (name, value) in new[] { ("stage", Stage), ("assignee", Assignee), ("team", Team), ("type", Type) })
            if (value is { Length: > 100 }) yield return (name, $"'{name}' is at most 100 characters.");
    }

    /// <summary>
    /// Why the field filter can match nothing: its key is no ticket type's field and no field a workflow stage requires
    /// (the two things a ticket's fields hold); null when it names one, or there is no field filter.
    /// </summary>
    public async Task<string?> UnknownFieldAsync(DbConnection c, DbTransaction? tx = null)
    {
        if (FieldParts() is not var (key, _)) return null;
        var types = await c.QueryAsync<string>("SELECT fields FROM tkt_ticket_types", transaction: tx);
        if (types.SelectMany(TicketFields.Parse).Any(f => f.Key == key)) return null;
        var workflows = await c.QueryAsync<string>("SELECT definition FROM tkt_workflows", transaction: tx);
        if (workflows.Any(d => WorkflowDefinition.FromJson(d).Fields().ContainsKey(key))) return null;
        return $"No ticket type or workflow stage has a field '{key}'.";
    }

    private (string Key, string Value)? FieldParts() =>
        Field?.IndexOf('=') is > 0 and var at ? (Field[..at].Trim(), Field[(at + 1)..].Trim()) : null;

    /// <summary>The condition ("1 = 1" when there is none), adding its parameters to <paramref name="args"/> as @{prefix}Name.</summary>
    public string Where(DynamicParameters args, string prefix, ISqlDialect dialect, string viewer)
    {
        var where = new List<string>();
        void When(bool condition, string sql, string name, object? value)
        {
            if (!condition) return;
            where.Add(sql.Replace("@P", "@" + prefix + name));
            args.Add(prefix + name, value);
        }
        if (Status == "active") where.Add("status <> 'closed'");
        When(Status is not null and not "active", "status = @P", "Status", Status);
        When(Stage is not null, "stage = @P", "Stage", Stage);
        When(Assignee is not null, "assignee = @P", "Assignee", Assignee == Me ? viewer : Assignee);
        When(Team is not null, "team = @P", "Team", Team);
        When(CustomerId is not null, "customer_id = @P", "CustomerId", CustomerId);
        When(Priority is not null, "priority = @P", "Priority", Priority);
        When(Type is not null, "type_code = @P", "Type", Type);
        When(Channel is not null, "channel = @P", "Channel", Channel);
        if (Breached is not null) where.Add($"({SlaRank}) {(Breached == true ? "=" : "<>")} 2");
        if (AtRisk is not null) where.Add($"({SlaRank}) {(AtRisk == true ? "=" : "<>")} 1");
        When(Tag is { Length: > 0 }, "EXISTS (SELECT 1 FROM tkt_ticket_tags g WHERE g.ticket_id = tkt_tickets.id AND LOWER(g.tag) = LOWER(@P))", "Tag", Tag);
        if (FieldParts() is var (key, value) && TicketFields.KeyPattern().IsMatch(key))
        {
            // The key matched the key pattern, so it may stand in the JSON path; the value only ever travels as parameters.
            // A multi-choice field holds "a;b": the value matches as the whole, or as one of its ';'-separated choices.
            var column = dialect.JsonText("fields", $"$.{key}");
            var escaped = dialect.Escape(value);
            where.Add($"({column} = @{prefix}Field OR {dialect.Like(column, $"@{prefix}FieldFirst")} OR {dialect.Like(column, $"@{prefix}FieldLast")} OR {dialect.Like(column, $"@{prefix}FieldMiddle")})");
            args.Add(prefix + "Field", value);
            args.Add(prefix + "FieldFirst", escaped + ";%");
            args.Add(prefix + "FieldLast", "%;" + escaped);
            args.Add(prefix + "FieldMiddle", "%;" + escaped + ";%");
        }
        When(Q is { Length: > 0 }, $"({dialect.Like("subject", "@P")} OR {dialect.Like("number", "@P")} OR {dialect.Like("description", "@P")})",
            "Q", Q is { Length: > 0 } q ? dialect.Contains(q) : null);
        return where.Count == 0 ? "1 = 1" : string.Join(" AND ", where);
    }
}

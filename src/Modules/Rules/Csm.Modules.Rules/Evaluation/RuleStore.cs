using System.Text.Json;
using Csm.Modules.Rules.Conditions;

namespace Csm.Modules.Rules.Evaluation;

internal sealed record RuleRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string? Description { get; init; }
    public long IsEnabled { get; init; }
    public string? Schedule { get; init; }
    public string? EventType { get; init; }
    public string ConditionJson { get; init; } = "";
    public string ActionsJson { get; init; } = "";
    public long CooldownDays { get; init; }
    public string? Owner { get; init; }
    public string? TemplateKey { get; init; }
    public DateTimeOffset? NextRunAt { get; init; }
    public long Version { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }

    public RuleDefinition Definition => new()
    {
        Name = Name,
        Description = Description,
        Enabled = IsEnabled == 1,
        Trigger = new RuleTrigger { Schedule = Schedule, Event = EventType },
        Condition = JsonSerializer.Deserialize<Condition>(ConditionJson, RuleStore.Json),
        Actions = JsonSerializer.Deserialize<List<RuleAction>>(ActionsJson, RuleStore.Json) ?? [],
        CooldownDays = (int)CooldownDays,
        Owner = Owner,
    };

    /// <summary>The condition, parsed; a stored rule was validated when saved.</summary>
    public ConditionNode Condition => ConditionParser.Parse(Definition.Condition).Node
        ?? throw new InvalidOperationException($"Rule {Id} has a condition that no longer validates.");
}

/// <summary>Rules as stored in rul_rules.</summary>
internal static class RuleStore
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public const string Columns =
        """
        id, name, description, is_enabled AS IsEnabled, schedule, event_type AS EventType, condition_json AS ConditionJson,
        actions_json AS ActionsJson, cooldown_days AS CooldownDays, owner, template_key AS TemplateKey, next_run_at AS NextRunAt,
        version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public static async Task<RuleRow?> FindAsync(DbSession session, long id, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<RuleRow>($"SELECT {Columns} FROM rul_rules WHERE id = @Id", new { Id = id }, session.Transaction);
    }

    /// <summary>Values of a definition for INSERT / UPDATE parameters.</summary>
    public static object Parameters(RuleDefinition d, DateTimeOffset? nextRunAt, DateTimeOffset now, string? templateKey = null) => new
    {
        d.Name,
        d.Description,
        IsEnabled = d.Enabled,
        d.Trigger.Schedule,
        EventType = d.Trigger.Event,
        ConditionJson = JsonSerializer.Serialize(d.Condition, Json),
        ActionsJson = JsonSerializer.Serialize(d.Actions, Json),
        d.CooldownDays,
        d.Owner,
        TemplateKey = templateKey,
        NextRunAt = nextRunAt,
        Now = now,
    };

    public static async Task<long> InsertAsync(DbSession session, RuleDefinition d, DateTimeOffset? nextRunAt, DateTimeOffset now, string? templateKey, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        return await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("rul_rules",
                "name, description, is_enabled, schedule, event_type, condition_json, actions_json, cooldown_days, owner, template_key, next_run_at, version, created_at, updated_at",
                "@Name, @Description, @IsEnabled, @Schedule, @EventType, @ConditionJson, @ActionsJson, @CooldownDays, @Owner, @TemplateKey, @NextRunAt, 1, @Now, @Now"),
            Parameters(d, nextRunAt, now, templateKey), session.Transaction);
    }
}

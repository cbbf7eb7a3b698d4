using System.Data.Common;
using Csm.Modules.Customers.Contracts;
using Csm.Modules.Tickets.Calendars;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Sla;

namespace Csm.Modules.Tickets.Features.SlaPolicies;

/// <summary>An SLA policy as the API shows it. Null type, priority or tier means "any".</summary>
internal sealed record SlaPolicyView(
    long Id, string Name, string? TypeCode, TicketPriority? Priority, CustomerTier? Tier, long? CalendarId, long FirstResponseMinutes,
    long ResolutionMinutes, double AtRiskShare, IReadOnlyList<EscalationStep> Escalation, bool IsActive, long Version)
{
    public static SlaPolicyView From(SlaPolicyRow r) => new(r.Id, r.Name, r.TypeCode,
        r.Priority is null ? null : Enum.Parse<TicketPriority>(r.Priority, ignoreCase: true),
        r.Tier is null ? null : Enum.Parse<CustomerTier>(r.Tier, ignoreCase: true),
        r.CalendarId, r.FirstResponseMinutes, r.ResolutionMinutes, r.AtRiskShare, r.Steps, r.IsActive, r.Version);
}

internal interface ISlaPolicyShape
{
    string Name { get; }
    string? TypeCode { get; }
    TicketPriority? Priority { get; }
    CustomerTier? Tier { get; }
    long? CalendarId { get; }
    int FirstResponseMinutes { get; }
    int ResolutionMinutes { get; }
    double? AtRiskShare { get; }
    IReadOnlyList<EscalationStep>? Escalation { get; }
    bool IsActive { get; }
}

internal abstract class SlaPolicyShapeValidator<T> : FastEndpoints.Validator<T> where T : ISlaPolicyShape
{
    protected SlaPolicyShapeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Priority).IsInEnum();
        RuleFor(r => r.Tier).IsInEnum();
        RuleFor(r => r.FirstResponseMinutes).GreaterThan(0);
        RuleFor(r => r.ResolutionMinutes).GreaterThan(0).GreaterThanOrEqualTo(r => r.FirstResponseMinutes)
            .WithMessage("The resolution target cannot be shorter than the first-response target.");
        RuleFor(r => r.AtRiskShare).ExclusiveBetween(0, 1).When(r => r.AtRiskShare is not null)
            .WithMessage("At risk is a share of the target between 0 and 1, e.g. 0.8.");
        RuleForEach(r => r.Escalation).ChildRules(s =>
        {
            s.RuleFor(x => x.When).IsInEnum();
            s.RuleFor(x => x.Action).IsInEnum();
            s.RuleFor(x => x.Target).IsInEnum();
            s.RuleFor(x => x.AssignTo).Null().When(x => x.Action is EscalationAction.Notify or EscalationAction.RaisePriority)
                .WithMessage("Only a reassignment names a person.");
        });
    }

    /// <summary>Checks against stored configuration: the ticket type and the calendar must exist.</summary>
    public static async Task<(string Field, string Message)?> ReferencesAsync(DbConnection c, T r)
    {
        if (r.TypeCode is not null && await TicketTypes.TicketTypeView.ByCodeAsync(c, r.TypeCode) is null)
            return ("typeCode", $"There is no ticket type '{r.TypeCode}'.");
        if (r.CalendarId is not null && await CalendarStore.ByIdAsync(c, r.CalendarId.Value) is null)
            return ("calendarId", $"There is no calendar {r.CalendarId}.");
        return null;
    }

    public static object Parameters(T r, DateTimeOffset now) => new
    {
        r.Name, r.TypeCode, Priority = r.Priority is null ? null : EnumText.Of(r.Priority.Value),
        Tier = r.Tier is null ? null : EnumText.Of(r.Tier.Value), r.CalendarId, r.FirstResponseMinutes, r.ResolutionMinutes,
        AtRiskShare = r.AtRiskShare ?? SlaPlanner.DefaultAtRiskShare,
        Escalation = System.Text.Json.JsonSerializer.Serialize(r.Escalation ?? [], SlaPolicyStore.Json), r.IsActive, Now = now,
    };
}

using Csm.Modules.Rules.Templates;
using Csm.BuildingBlocks.Auth;
using Csm.Modules.Rules.Conditions;
using Csm.Modules.Rules.Facts;
using Csm.Modules.Rules.Events;
using FluentValidation;
using Microsoft.Extensions.Options;
using Quartz;

namespace Csm.Modules.Rules.Evaluation;

/// <summary>Refuses a rule that could not run as meant: unknown facts, wrong types, bad schedules, actions missing what they need.</summary>
internal sealed class RuleDefinitionValidator : FastEndpoints.Validator<RuleDefinition>
{
    public static readonly string[] ActionTypes = ["createTask", "sendEmail", "notify", "addTag", "setLifecycleStatus", "escalate", "webhook"];
    public static readonly string[] LifecycleStatuses = ["active", "atRisk", "churned", "wonBack"];

    public RuleDefinitionValidator(RulesCalendar calendar, IOptions<RulesOptions> options)
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.Description).MaximumLength(2000);
        RuleFor(r => r.Owner).MaximumLength(100);
        RuleFor(r => r.CooldownDays).InclusiveBetween(1, 3650);
        RuleFor(r => r.Trigger).NotNull();
        RuleFor(r => r.Trigger).Custom((trigger, ctx) =>
        {
            if (trigger is null) return;
            if ((trigger.Schedule is null) == (trigger.Event is null))
                ctx.AddFailure("trigger", "Give either a schedule (cron) or an event, not both and not neither.");
            else if (trigger.Schedule is not null && ScheduleProblem(trigger.Schedule, calendar, options.Value.MinimumScheduleInterval) is { } problem)
                ctx.AddFailure("trigger.schedule", problem);
            else if (trigger.Event is not null && !RuleEvents.All.Contains(trigger.Event, StringComparer.Ordinal))
                ctx.AddFailure("trigger.event", $"Unknown event '{trigger.Event}'. Use one of: {string.Join(", ", RuleEvents.All)}.");
        });
        RuleFor(r => r.Condition).Custom((condition, ctx) =>
        {
            foreach (var (path, messages) in ConditionParser.Parse(condition).Errors)
                foreach (var message in messages) ctx.AddFailure(path, message);
        });
        RuleFor(r => r.Actions).Cascade(CascadeMode.Stop).NotEmpty().WithMessage("A rule needs at least one action.").Must(a => a.Count <= 10).WithMessage("A rule has at most 10 actions.");
        RuleFor(r => r).Custom((rule, ctx) =>
        {
            for (var i = 0; i < (rule.Actions?.Count ?? 0); i++)
                foreach (var (field, message) in ActionProblems(rule.Actions![i], rule.Trigger))
                    ctx.AddFailure($"actions[{i}]{(field.Length == 0 ? "" : "." + field)}", message);
        });
    }

    /// <summary>Null when the cron is valid, fires at all, and never more often than the minimum interval.</summary>
    public static string? ScheduleProblem(string cron, RulesCalendar calendar, TimeSpan minimum)
    {
        CronExpression expression;
        try
        {
            expression = cron.Length <= 200 ? new CronExpression(cron, calendar.Zone) : throw new FormatException("too long");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return "Not a valid cron expression (Quartz syntax with seconds, e.g. \"0 0 8 * * ?\" for every day at 08:00).";
        }
        var previous = expression.GetNextValidTimeAfter(calendar.Now);
        if (previous is null) return "This schedule never fires.";
        for (var i = 0; i < 50; i++)
        {
            var next = expression.GetNextValidTimeAfter(previous.Value);
            if (next is null) break;
            if (next.Value - previous.Value < minimum) return $"This schedule fires more often than every {minimum.TotalMinutes:0} minutes.";
            previous = next;
        }
        return null;
    }

    private static IEnumerable<(string Field, string Message)> ActionProblems(RuleAction action, RuleTrigger? trigger)
    {
        if (action is null)
        {
            yield return ("", "An action is required.");
            yield break;
        }
        if (!ActionTypes.Contains(action.Type, StringComparer.Ordinal))
        {
            yield return ("type", $"Unknown action '{action.Type}'. Use one of: {string.Join(", ", ActionTypes)}.");
            yield break;
        }
        var texts = new List<(string, string?)>();
        switch (action.Type)
        {
            case "createTask":
                if (string.IsNullOrWhiteSpace(action.Title) || action.Title.Length > 200) yield return ("title", "A task needs a title of 1 to 200 characters.");
                if (action.DueInHours is not (> 0 and <= 8760)) yield return ("dueInHours", "dueInHours must be more than 0 and at most 8760.");
                if (action.Assignee is { Length: > 100 }) yield return ("assignee", "At most 100 characters.");
                texts.Add(("title", action.Title));
                texts.Add(("description", action.Description));
                break;
            case "sendEmail":
                if (action.To is null || action.To is not ("customer" or "accountManager" or "owner") && !IsEmail(action.To))
                    yield return ("to", "Send to \"customer\", \"accountManager\", \"owner\" (the rule's owner) or an e-mail address.");
                if (action.Template is not null)
                {
                    if (!CustomerMessages.Names.Contains(action.Template))
                        yield return ("template", $"Unknown template '{action.Template}'. Use one of: {string.Join(", ", CustomerMessages.Names)}.");
                    if (action.Subject is not null || action.Body is not null) yield return ("template", "Give a template or a subject and body, not both.");
                    break;
                }
                if (string.IsNullOrWhiteSpace(action.Subject) || action.Subject.Length > 300) yield return ("subject", "An e-mail needs a subject of 1 to 300 characters.");
                if (string.IsNullOrWhiteSpace(action.Body) || action.Body.Length > 20_000) yield return ("body", "An e-mail needs a body of 1 to 20000 characters.");
                texts.Add(("subject", action.Subject));
                texts.Add(("body", action.Body));
                break;
            case "notify":
                var named = new[] { action.Role, action.Team, action.Person }.Count(n => n is not null);
                if (named != 1) yield return ("role", "Notify exactly one of: a role, a team or a person.");
                else if (action.Role is not null && !Roles.All.Contains(action.Role, StringComparer.Ordinal))
                    yield return ("role", $"Notify one of the roles: {string.Join(", ", Roles.All)}.");
                else if (action.Team is { Length: 0 or > 100 }) yield return ("team", "A team name of 1 to 100 characters.");
                else if (action.Person is { Length: 0 or > 100 }) yield return ("person", "A user name of 1 to 100 characters, or \"accountManager\".");
                if (string.IsNullOrWhiteSpace(action.Message) || action.Message.Length > 2000) yield return ("message", "A notification needs a message of 1 to 2000 characters.");
                texts.Add(("message", action.Message));
                break;
            case "addTag":
                if (string.IsNullOrWhiteSpace(action.Tag) || action.Tag.Length > 50 || action.Tag.Contains('|', StringComparison.Ordinal))
                    yield return ("tag", "A tag of 1 to 50 characters, without '|'.");
                break;
            case "setLifecycleStatus":
                if (!LifecycleStatuses.Contains(action.LifecycleStatus, StringComparer.Ordinal))
                    yield return ("lifecycleStatus", $"Set one of the statuses: {string.Join(", ", LifecycleStatuses)}.");
                break;
            case "escalate":
                if (trigger?.Event is null || !RuleEvents.AboutATicket.Contains(trigger.Event, StringComparer.Ordinal))
                    yield return ("type", $"escalate raises the ticket of the event: the trigger must be one of {string.Join(", ", RuleEvents.AboutATicket)}.");
                if (action.Priority is not (null or "high" or "urgent")) yield return ("priority", "Raise to \"high\" or \"urgent\".");
                if (action.Role is not null && !Roles.All.Contains(action.Role, StringComparer.Ordinal)) yield return ("role", $"Notify one of the roles: {string.Join(", ", Roles.All)}.");
                texts.Add(("message", action.Message));
                break;
            case "webhook":
                if (!Uri.TryCreate(action.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
                    yield return ("url", "A webhook needs an absolute http or https URL.");
                else if (PointsAtThisMachine(url))
                    yield return ("url", "A webhook may not call this machine (localhost, a loopback or unspecified address): it would call Csm itself.");
                if (action.Secret is null || action.Secret.Length is < 16 or > 200) yield return ("secret", "A webhook needs a signing secret of 16 to 200 characters.");
                break;
        }
        foreach (var (field, text) in texts)
        {
            if (TemplateText.Unknown(text).FirstOrDefault() is { } unknown)
                yield return (field, $"Unknown placeholder {{{{{unknown}}}}}. Use {string.Join(", ", TemplateText.Fixed)} or a fact name.");
        }
    }

    /// <summary>A webhook that calls back into the host (or anything else on this machine) is refused: no request forgery from rules.</summary>
    private static bool PointsAtThisMachine(Uri url) =>
        url.IsLoopback || url.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || System.Net.IPAddress.TryParse(url.Host.Trim('[', ']'), out var ip) && (System.Net.IPAddress.IsLoopback(ip) || ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any));

    private static bool IsEmail(string text) => text.Length <= 320 && System.Net.Mail.MailAddress.TryCreate(text, out var address) && address.Address == text;
}

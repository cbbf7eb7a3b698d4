using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Dapper;
using FluentValidation;

namespace Csm.Modules.Tickets.Calendars;

/// <param name="Start">Local time "HH:mm".</param>
internal sealed record WeeklyHours(DayOfWeek Day, string Start, string End);

/// <summary>A calendar as configured: local weekly hours, public holidays and 调休 make-up days ("yyyy-MM-dd").</summary>
/// <param name="DayNames">What a holiday or make-up day is called (国庆节, 国庆调休), by date; only for people reading the calendar.</param>
internal sealed record CalendarDefinition(IReadOnlyList<WeeklyHours> WeeklyHours, IReadOnlyList<string> Holidays, IReadOnlyList<string> MakeUpDays,
    IReadOnlyDictionary<string, string>? DayNames = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);
    public static CalendarDefinition FromJson(string json) => JsonSerializer.Deserialize<CalendarDefinition>(json, Json)!;

    public BusinessCalendar ToCalendar(string timeZone) => new(
        TimeZoneInfo.FindSystemTimeZoneById(timeZone),
        WeeklyHours.Select(h => new WorkingHours(h.Day, Time(h.Start)!.Value, Time(h.End)!.Value)),
        Holidays.Select(d => Date(d)!.Value),
        MakeUpDays.Select(d => Date(d)!.Value));

    public static TimeOnly? Time(string? text) =>
        TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) ? t : null;

    public static DateOnly? Date(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static bool IsTimeZone(string? id) => id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}

/// <summary>What a request that saves a calendar carries.</summary>
internal interface ICalendarShape
{
    string Name { get; }
    string TimeZone { get; }
    IReadOnlyList<WeeklyHours> WeeklyHours { get; }
    IReadOnlyList<string>? Holidays { get; }
    IReadOnlyList<string>? MakeUpDays { get; }
    IReadOnlyDictionary<string, string>? DayNames { get; }
}

internal abstract class CalendarShapeValidator<T> : FastEndpoints.Validator<T> where T : ICalendarShape
{
    protected CalendarShapeValidator()
    {
        RuleFor(r => r.Name).NotEmpty().MaximumLength(200);
        RuleFor(r => r.TimeZone).Must(CalendarDefinition.IsTimeZone).WithMessage("Unknown time zone; use an IANA name such as Asia/Shanghai.");
        RuleFor(r => r.WeeklyHours).NotEmpty().WithMessage("A calendar needs working hours.");
        RuleForEach(r => r.WeeklyHours).ChildRules(h =>
        {
            h.RuleFor(x => x.Day).IsInEnum();
            h.RuleFor(x => x.Start).Must(s => CalendarDefinition.Time(s) is not null).WithMessage("Use a local time as HH:mm.");
            h.RuleFor(x => x.End).Must(s => CalendarDefinition.Time(s) is not null).WithMessage("Use a local time as HH:mm.")
                .Must((x, end) => CalendarDefinition.Time(end) > CalendarDefinition.Time(x.Start))
                .When(x => CalendarDefinition.Time(x.Start) is not null && CalendarDefinition.Time(x.End) is not null)
                .WithMessage("Working hours must end after they start.");
        });
        RuleForEach(r => r.Holidays).Must(d => CalendarDefinition.Date(d) is not null).WithMessage("Use a date as yyyy-MM-dd.");
        RuleForEach(r => r.MakeUpDays).Must(d => CalendarDefinition.Date(d) is not null).WithMessage("Use a date as yyyy-MM-dd.");
        RuleFor(r => r).Custom((r, context) =>
        {
            if (r.WeeklyHours is null) return;
            var hours = r.WeeklyHours.Select((h, i) => (h, i, Start: CalendarDefinition.Time(h?.Start), End: CalendarDefinition.Time(h?.End)))
                .Where(x => x.h is not null && x.Start is not null && x.End > x.Start).ToList();
            foreach (var a in hours)
            {
                if (hours.Any(b => b.i < a.i && b.h.Day == a.h.Day && b.Start < a.End && a.Start < b.End))
                    context.AddFailure($"weeklyHours[{a.i}]", $"These hours overlap other working hours on {a.h.Day}.");
            }
            foreach (var (date, name) in r.DayNames ?? new Dictionary<string, string>())
            {
                if (!(r.Holidays ?? []).Contains(date) && !(r.MakeUpDays ?? []).Contains(date))
                    context.AddFailure($"dayNames.{date}", "Name only a day listed as a holiday or a make-up working day.");
                else if (string.IsNullOrWhiteSpace(name) || name.Length > 100)
                    context.AddFailure($"dayNames.{date}", "A day's name has 1 to 100 characters.");
            }
            if (r.Holidays is not null && r.MakeUpDays is not null)
            {
                for (var i = 0; i < r.MakeUpDays.Count; i++)
                {
                    if (r.Holidays.Contains(r.MakeUpDays[i])) context.AddFailure($"makeUpDays[{i}]", "A day cannot be both a holiday and a make-up working day.");
                }
            }
        });
    }
}

internal sealed record CalendarRow
{
    public long Id { get; init; }
    public string Name { get; init; } = "";
    public string TimeZone { get; init; } = "";
    public string Definition { get; init; } = "";
    public bool IsDefault { get; init; }
    public long Version { get; init; }
}

internal sealed record CalendarView(long Id, string Name, string TimeZone, IReadOnlyList<WeeklyHours> WeeklyHours,
    IReadOnlyList<string> Holidays, IReadOnlyList<string> MakeUpDays, IReadOnlyDictionary<string, string> DayNames, bool IsDefault, long Version)
{
    public static CalendarView From(CalendarRow r)
    {
        var d = CalendarDefinition.FromJson(r.Definition);
        return new(r.Id, r.Name, r.TimeZone, d.WeeklyHours, d.Holidays, d.MakeUpDays, d.DayNames ?? new Dictionary<string, string>(), r.IsDefault, r.Version);
    }
}

internal static class CalendarStore
{
    public const string Columns = "id, name, time_zone AS TimeZone, definition, is_default AS IsDefault, version";

    public static Task<CalendarRow?> ByIdAsync(DbConnection c, long id, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<CalendarRow>($"SELECT {Columns} FROM tkt_calendars WHERE id = @Id", new { Id = id }, tx);

    /// <summary>The calendar with the given id, else the default one, else weekdays 09–18 in Asia/Shanghai.</summary>
    public static async Task<(long? Id, BusinessCalendar Calendar)> ResolveAsync(DbConnection c, long? id, DbTransaction? tx)
    {
        var row = id is null ? null : await ByIdAsync(c, id.Value, tx);
        row ??= await c.QueryFirstOrDefaultAsync<CalendarRow>(
            $"SELECT {Columns} FROM tkt_calendars WHERE is_default = 1 ORDER BY id", transaction: tx);
        return row is null ? (null, BusinessCalendar.Standard()) : (row.Id, Stored.Of($"{row.TimeZone}\n{row.Definition}"));
    }

    /// <summary>Calendars by their time zone and definition (a zone's id has no line break).</summary>
    private static readonly Data.ParsedOnce<BusinessCalendar> Stored = new(stored =>
    {
        var zoneEnd = stored.IndexOf('\n');
        return CalendarDefinition.FromJson(stored[(zoneEnd + 1)..]).ToCalendar(stored[..zoneEnd]);
    });
}

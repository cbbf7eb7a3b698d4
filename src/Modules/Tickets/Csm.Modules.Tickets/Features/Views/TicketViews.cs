using System.Data.Common;
using System.Text.Json;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Features.Views;

/// <summary>A saved queue view as its owner and the people who see it know it, with how many tickets it holds now.</summary>
internal sealed record TicketViewItem(long Id, string Name, bool Shared, string Owner, IReadOnlyDictionary<string, JsonElement> Filters, long Count, long Version);

/// <summary>A view's name, whether it is shared, and its filters by the queue's names (status, assignee ("@me"), breached, …).</summary>
internal abstract record TicketViewInput(string Name, bool Shared, IReadOnlyDictionary<string, JsonElement>? Filters);

internal class TicketViewValidator<T> : Validator<T> where T : TicketViewInput
{
    public TicketViewValidator()
    {
        RuleFor(v => v.Name).NotEmpty().MaximumLength(100);
        RuleFor(v => v.Filters).Custom((filters, context) =>
        {
            if (filters is null) return;
            if (filters.Count > TicketFilter.Names.Length) context.AddFailure("filters", "Too many filters.");
            else if (TicketViews.Parse(filters) is { Error: { } error } bad) context.AddFailure(bad.Field!, error);
        });
    }
}

internal static class TicketViews
{
    internal sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Owner { get; init; } = "";
        public bool IsShared { get; init; }
        public string Filters { get; init; } = "{}";
        public long Version { get; init; }

        public TicketFilter Filter => Parse(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Filters) ?? []).Filter!;
    }

    private const string Columns = "id, name, owner, is_shared AS IsShared, filters, version";

    /// <summary>Views a person sees: their own and the shared ones, shared first, in order.</summary>
    public static Task<IEnumerable<Row>> VisibleAsync(DbConnection c, string viewer) =>
        c.QueryAsync<Row>($"SELECT {Columns} FROM tkt_views WHERE is_shared = 1 OR owner = @Viewer ORDER BY is_shared DESC, position, id", new { Viewer = viewer });

    public static Task<Row?> FindVisibleAsync(DbConnection c, long id, string viewer, DbTransaction? tx = null) =>
        c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM tkt_views WHERE id = @Id AND (is_shared = 1 OR owner = @Viewer)", new { Id = id, Viewer = viewer }, tx);

    /// <summary>Reads a view's filters; an unknown name or a value of the wrong type is named as filters.{name}.</summary>
    public static (TicketFilter? Filter, string? Field, string? Error) Parse(IReadOnlyDictionary<string, JsonElement> filters)
    {
        var f = new TicketFilter();
        foreach (var (name, value) in filters)
        {
            var field = $"filters.{name}";
            if (!TicketFilter.Names.Contains(name))
                return (null, field, $"There is no filter '{name}'; a view filters by: {string.Join(", ", TicketFilter.Names)}.");
            if (value.ValueKind == JsonValueKind.Null) continue;
            string? Text() => value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            switch (name)
            {
                case "customerId":
                    if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var id) || id <= 0) return (null, field, "customerId is a customer's id (a positive number).");
                    f = f with { CustomerId = id };
                    break;
                case "atRisk" or "breached":
                    if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False)) return (null, field, $"{name} is true or false.");
                    f = name == "atRisk" ? f with { AtRisk = value.GetBoolean() } : f with { Breached = value.GetBoolean() };
                    break;
                default:
                    if (Text() is not { Length: > 0 } text) return (null, field, $"{name} is a text.");
                    f = name switch
                    {
                        "status" => f with { Status = text }, "stage" => f with { Stage = text }, "assignee" => f with { Assignee = text },
                        "team" => f with { Team = text }, "priority" => f with { Priority = text }, "type" => f with { Type = text },
                        "channel" => f with { Channel = text }, "tag" => f with { Tag = text }, "field" => f with { Field = text }, _ => f with { Q = text },
                    };
                    break;
            }
        }
        return f.Problems().FirstOrDefault() is { Name: not null } problem ? (null, $"filters.{problem.Name}", problem.Error) : (f, null, null);
    }

    /// <summary>A 400 naming filters.field when the view filters by a field no ticket can hold; null when it does not.</summary>
    public static async Task<ValidationProblem?> UnknownFieldAsync(DbSession session, IReadOnlyDictionary<string, JsonElement>? filters, CancellationToken ct) =>
        filters is not null && Parse(filters).Filter is { } filter && await filter.UnknownFieldAsync(await session.ConnectionAsync(ct)) is { } error
            ? Problems.Invalid("filters.field", error)
            : null;

    /// <summary>How many tickets each view holds now, in one pass over the tickets.</summary>
    public static async Task<IReadOnlyList<TicketViewItem>> WithCountsAsync(DbConnection c, ISqlDialect dialect, IReadOnlyList<Row> views, string viewer, DateTimeOffset now)
    {
        var counts = new Dictionary<long, long>();
        if (views.Count > 0)
        {
            var args = new DynamicParameters(new { Now = now });
            var sums = views.Select((v, i) => $"SUM(CASE WHEN {v.Filter.Where(args, $"v{i}_", dialect, viewer)} THEN 1 ELSE 0 END) AS c{i}");
            var row = (IDictionary<string, object?>)await c.QuerySingleAsync($"SELECT {string.Join(", ", sums)} FROM tkt_tickets", args);
            for (var i = 0; i < views.Count; i++) counts[views[i].Id] = row[$"c{i}"] is { } n ? Convert.ToInt64(n, System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        return views.Select(v => new TicketViewItem(v.Id, v.Name, v.IsShared, v.Owner,
            JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(v.Filters) ?? [], counts.GetValueOrDefault(v.Id), v.Version)).ToList();
    }

    /// <summary>The filters as stored: only those given, by their names.</summary>
    public static string Store(IReadOnlyDictionary<string, JsonElement>? filters) =>
        JsonSerializer.Serialize((filters ?? new Dictionary<string, JsonElement>()).Where(f => f.Value.ValueKind != JsonValueKind.Null).ToDictionary(f => f.Key, f => f.Value));
}

internal sealed class ListTicketViews(DbSession session, TimeProvider clock) : EndpointWithoutRequest<Ok<IReadOnlyList<TicketViewItem>>>
{
    public override void Configure()
    {
        Get("ticket-views");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_Views")
            .WithSummary("The caller's saved queue views and the shared ones, each with its live ticket count"));
    }

    public override async Task<Ok<IReadOnlyList<TicketViewItem>>> ExecuteAsync(CancellationToken ct)
    {
        var viewer = User.Identity?.Name ?? "";
        var c = await session.ConnectionAsync(ct);
        var views = (await TicketViews.VisibleAsync(c, viewer)).ToList();
        return TypedResults.Ok(await TicketViews.WithCountsAsync(c, session.Dialect, views, viewer, clock.GetUtcNow()));
    }
}

internal sealed class CreateTicketView(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateTicketView.Request, Results<Created<TicketViewItem>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(string Name, bool Shared, IReadOnlyDictionary<string, JsonElement>? Filters) : TicketViewInput(Name, Shared, Filters);

    internal sealed class Validator : TicketViewValidator<Request>;

    public override void Configure()
    {
        Post("ticket-views");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_CreateView")
            .WithSummary("Saves a queue view: personal, or shared with everyone (settings.configure)")
            .ProducesProblem(StatusCodes.Status403Forbidden));
    }

    public override async Task<Results<Created<TicketViewItem>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        if (request.Shared && !User.Holds(Can.Configure)) return Problems.Forbidden(Can.Configure, "; a personal view needs none");
        if (await TicketViews.UnknownFieldAsync(session, request.Filters, ct) is { } unknown) return unknown;
        var owner = User.Identity?.Name ?? "";
        var now = clock.GetUtcNow();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_views",
            "name, owner, is_shared, filters, position, version, created_at, updated_at", "@Name, @Owner, @Shared, @Filters, 100, 1, @Now, @Now"),
            new { Name = request.Name.Trim(), Owner = owner, request.Shared, Filters = TicketViews.Store(request.Filters), Now = now }, tx);
        var row = (await TicketViews.FindVisibleAsync(c, id, owner, tx))!;
        await audit.RecordAsync("tickets", "view.created", "ticketView", id, null, new { row.Name, row.IsShared, row.Filters }, ct);
        var item = (await TicketViews.WithCountsAsync(c, session.Dialect, [row], owner, now))[0];
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/ticket-views/{id}", item);
    }
}

internal sealed class UpdateTicketView(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<UpdateTicketView.Request, Results<Ok<TicketViewItem>, ValidationProblem, ProblemHttpResult>>
{
    public sealed record Request(string Name, bool Shared, IReadOnlyDictionary<string, JsonElement>? Filters, long Version) : TicketViewInput(Name, Shared, Filters);

    internal sealed class Validator : TicketViewValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("ticket-views/{id:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_UpdateView")
            .WithSummary("Changes a saved view: one's own, or a shared one (settings.configure)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<TicketViewItem>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        if (await TicketViews.UnknownFieldAsync(session, request.Filters, ct) is { } unknown) return unknown;
        var id = Route<long>("id");
        var viewer = User.Identity?.Name ?? "";
        var now = clock.GetUtcNow();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var before = await TicketViews.FindVisibleAsync(c, id, viewer, tx);
        if (before is null) return Problems.NotFound("View", id);
        if ((before.IsShared || request.Shared) && !User.Holds(Can.Configure)) return Problems.Forbidden(Can.Configure, "; a shared view is changed by them");
        if (before.Version != request.Version) return Problems.StaleVersion(request.Version, before.Version);
        await c.ExecuteAsync("UPDATE tkt_views SET name = @Name, is_shared = @Shared, filters = @Filters, version = version + 1, updated_at = @Now WHERE id = @Id",
            new { Id = id, Name = request.Name.Trim(), request.Shared, Filters = TicketViews.Store(request.Filters), Now = now }, tx);
        var after = (await TicketViews.FindVisibleAsync(c, id, viewer, tx))!;
        await audit.RecordAsync("tickets", "view.updated", "ticketView", id, new { before.Name, before.IsShared, before.Filters }, new { after.Name, after.IsShared, after.Filters }, ct);
        var item = (await TicketViews.WithCountsAsync(c, session.Dialect, [after], viewer, now))[0];
        await session.CommitAsync(ct);
        return TypedResults.Ok(item);
    }
}

internal sealed class DeleteTicketView(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("ticket-views/{id:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_DeleteView")
            .WithSummary("Deletes a saved view: one's own, or a shared one (settings.configure)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var view = await TicketViews.FindVisibleAsync(c, id, User.Identity?.Name ?? "", tx);
        if (view is null) return Problems.NotFound("View", id);
        if (view.IsShared && !User.Holds(Can.Configure)) return Problems.Forbidden(Can.Configure, "; a shared view is deleted by them");
        await c.ExecuteAsync("DELETE FROM tkt_views WHERE id = @Id", new { Id = id }, tx);
        await audit.RecordAsync("tickets", "view.deleted", "ticketView", id, new { view.Name, view.IsShared, view.Filters }, null, ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

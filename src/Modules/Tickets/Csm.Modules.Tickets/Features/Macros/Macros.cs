using System.Text.Json;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Tickets.Contracts;
using Csm.Modules.Tickets.Features.Tickets;

namespace Csm.Modules.Tickets.Features.Macros;

/// <summary>What applying a macro also changes on the ticket, each optional.</summary>
/// <param name="Stage">A stage to move to (not a final one: closing stays a decision).</param>
/// <param name="Tags">Tags to add to the ticket.</param>
/// <param name="Fields">Field values to set (by key), each checked against the ticket's type and workflow when applied.</param>
internal sealed record MacroActions(TicketPriority? Priority, string? Assignee, string? Stage, IReadOnlyList<string>? Tags = null,
    IReadOnlyDictionary<string, string>? Fields = null);

/// <summary>A canned reply or note, in Chinese and English, with {{placeholders}}; personal or shared.</summary>
internal sealed record MacroView(long Id, string Name, bool Shared, string Owner, CommentVisibility Visibility, string BodyZh, string BodyEn, MacroActions Actions, long Version);

internal abstract record MacroInput(string Name, bool Shared, CommentVisibility Visibility, string BodyZh, string BodyEn, MacroActions? Actions);

internal static class MacroCatalog
{
    /// <summary>What a macro's text may name: filled with the ticket's customer, the ticket, and whoever applies it.</summary>
    public static readonly string[] Placeholders = ["customerName", "ticketNumber", "ticketSubject", "agentName", "accountManager"];

    internal sealed record Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Owner { get; init; } = "";
        public bool IsShared { get; init; }
        public string Visibility { get; init; } = "";
        public string BodyZh { get; init; } = "";
        public string BodyEn { get; init; } = "";
        public string Actions { get; init; } = "{}";
        public long Version { get; init; }

        public MacroView View => new(Id, Name, IsShared, Owner, EnumText.Parse<CommentVisibility>(Visibility), BodyZh, BodyEn,
            JsonSerializer.Deserialize<MacroActions>(Actions, Json) ?? new MacroActions(null, null, null), Version);
    }

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };

    private const string Columns = "id, name, owner, is_shared AS IsShared, visibility, body_zh AS BodyZh, body_en AS BodyEn, actions, version";

    public static async Task<IReadOnlyList<MacroView>> VisibleAsync(System.Data.Common.DbConnection c, string viewer) =>
        (await c.QueryAsync<Row>($"SELECT {Columns} FROM tkt_macros WHERE is_shared = 1 OR owner = @Viewer ORDER BY name, id", new { Viewer = viewer })).Select(r => r.View).ToList();

    public static async Task<MacroView?> FindVisibleAsync(System.Data.Common.DbConnection c, long id, string viewer, System.Data.Common.DbTransaction? tx) =>
        (await c.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM tkt_macros WHERE id = @Id AND (is_shared = 1 OR owner = @Viewer)", new { Id = id, Viewer = viewer }, tx))?.View;

    public static DynamicParameters Parameters(MacroInput m, DateTimeOffset now, (string Name, object Value) extra)
    {
        var p = new DynamicParameters(new
        {
            Name = m.Name.Trim(), m.Shared, Visibility = EnumText.Of(m.Visibility), m.BodyZh, m.BodyEn,
            Actions = JsonSerializer.Serialize(m.Actions ?? new MacroActions(null, null, null), Json), Now = now,
        });
        p.Add(extra.Name, extra.Value);
        return p;
    }
}

internal class MacroValidator<T> : Validator<T> where T : MacroInput
{
    private static bool Known(string? text) => Placeholders.In(text).All(p => MacroCatalog.Placeholders.Contains(p));

    private static string Unknown(string? text) =>
        $"Unknown placeholder {{{{{Placeholders.In(text).FirstOrDefault(p => !MacroCatalog.Placeholders.Contains(p))}}}}}; use: {string.Join(", ", MacroCatalog.Placeholders.Select(p => "{{" + p + "}}"))}.";

    public MacroValidator()
    {
        RuleFor(m => m.Name).NotEmpty().MaximumLength(100);
        RuleFor(m => m.Visibility).IsInEnum();
        RuleFor(m => m.BodyZh).NotEmpty().MaximumLength(20_000);
        RuleFor(m => m.BodyEn).NotEmpty().MaximumLength(20_000);
        RuleFor(m => m.BodyZh).Must(Known).WithMessage(m => Unknown(m.BodyZh));
        RuleFor(m => m.BodyEn).Must(Known).WithMessage(m => Unknown(m.BodyEn));
        RuleFor(m => m.Actions!.Priority).IsInEnum().When(m => m.Actions?.Priority is not null).OverridePropertyName("actions.priority");
        RuleFor(m => m.Actions!.Assignee).MaximumLength(100).When(m => m.Actions is not null).OverridePropertyName("actions.assignee");
        RuleFor(m => m.Actions!.Stage).MaximumLength(50).When(m => m.Actions is not null).OverridePropertyName("actions.stage");
        RuleFor(m => m.Actions!.Fields).Must(f => f!.Count <= Data.TicketFields.MaxFields && f.All(x => Data.TicketFields.KeyPattern().IsMatch(x.Key) && (x.Value?.Length ?? 0) <= 4000))
            .When(m => m.Actions?.Fields is not null).OverridePropertyName("actions.fields")
            .WithMessage("Field keys are letters, digits and '_' (a letter first), values up to 4000 characters.");
        RuleFor(m => m.Actions!.Tags).Custom((tags, context) =>
        {
            if (tags is not null && Data.TicketFields.Normalise(tags).Error is { } error) context.AddFailure("actions.tags", error);
        }).When(m => m.Actions is not null);
    }
}

internal sealed class ListMacros(DbSession session) : EndpointWithoutRequest<Ok<IReadOnlyList<MacroView>>>
{
    public override void Configure()
    {
        Get("macros");
        Group<TicketsGroup>();
        Description(d => d.WithName("Tickets_Macros").WithSummary("The caller's canned replies and the shared ones"));
    }

    public override async Task<Ok<IReadOnlyList<MacroView>>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok(await MacroCatalog.VisibleAsync(await session.ConnectionAsync(ct), User.Identity?.Name ?? ""));
}

internal sealed class CreateMacro(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateMacro.Request, Results<Created<MacroView>, ProblemHttpResult>>
{
    public sealed record Request(string Name, bool Shared, CommentVisibility Visibility, string BodyZh, string BodyEn, MacroActions? Actions)
        : MacroInput(Name, Shared, Visibility, BodyZh, BodyEn, Actions);

    internal sealed class Validator : MacroValidator<Request>;

    public override void Configure()
    {
        Post("macros");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_CreateMacro")
            .WithSummary("Saves a canned reply: personal, or shared (settings.configure)")
            .WithDescription($"Placeholders: {string.Join(", ", MacroCatalog.Placeholders.Select(p => "{{" + p + "}}"))}. An unknown one is refused naming bodyZh or bodyEn.")
            .ProducesProblem(StatusCodes.Status403Forbidden));
    }

    public override async Task<Results<Created<MacroView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        if (request.Shared && !User.Holds(Can.Configure)) return Problems.Forbidden(Can.Configure, "; a personal macro needs none");
        var owner = User.Identity?.Name ?? "";
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var id = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("tkt_macros",
            "name, owner, is_shared, visibility, body_zh, body_en, actions, version, created_at, updated_at",
            "@Name, @Owner, @Shared, @Visibility, @BodyZh, @BodyEn, @Actions, 1, @Now, @Now"),
            MacroCatalog.Parameters(request, clock.GetUtcNow(), ("Owner", owner)), tx);
        var view = (await MacroCatalog.FindVisibleAsync(c, id, owner, tx))!;
        await audit.RecordAsync("tickets", "macro.created", "macro", id, null, view, ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/macros/{id}", view);
    }
}

internal sealed class UpdateMacro(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<UpdateMacro.Request, Results<Ok<MacroView>, ProblemHttpResult>>
{
    public sealed record Request(string Name, bool Shared, CommentVisibility Visibility, string BodyZh, string BodyEn, MacroActions? Actions, long Version)
        : MacroInput(Name, Shared, Visibility, BodyZh, BodyEn, Actions);

    internal sealed class Validator : MacroValidator<Request>
    {
        public Validator() => RuleFor(r => r.Version).GreaterThan(0);
    }

    public override void Configure()
    {
        Put("macros/{id:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_UpdateMacro")
            .WithSummary("Changes a canned reply: one's own, or a shared one (settings.configure)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<MacroView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var viewer = User.Identity?.Name ?? "";
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var before = await MacroCatalog.FindVisibleAsync(c, id, viewer, tx);
        if (before is null) return Problems.NotFound("Macro", id);
        if ((before.Shared || request.Shared) && !User.Holds(Can.Configure)) return Problems.Forbidden(Can.Configure, "; a shared macro is changed by them");
        if (before.Version != request.Version) return Problems.StaleVersion(request.Version, before.Version);
        await c.ExecuteAsync(
            """
            UPDATE tkt_macros SET name = @Name, is_shared = @Shared, visibility = @Visibility, body_zh = @BodyZh, body_en = @BodyEn, actions = @Actions,
              version = version + 1, updated_at = @Now WHERE id = @Id
            """, MacroCatalog.Parameters(request, clock.GetUtcNow(), ("Id", id)), tx);
        var after = (await MacroCatalog.FindVisibleAsync(c, id, viewer, tx))!;
        await audit.RecordAsync("tickets", "macro.updated", "macro", id, before, after, ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(after);
    }
}

internal sealed class DeleteMacro(DbSession session, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("macros/{id:long}");
        Group<TicketsGroup>();
        Description(d => d
            .WithName("Tickets_DeleteMacro")
            .WithSummary("Deletes a canned reply: one's own, or a shared one (settings.configure)")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var macro = await MacroCatalog.FindVisibleAsync(c, id, User.Identity?.Name ?? "", tx);
        if (macro is null) return Problems.NotFound("Macro", id);
        if (macro.Shared && !User.Holds(Can.Configure)) return Problems.Forbidden(Can.Configure, "; a shared macro is deleted by them");
        await c.ExecuteAsync("DELETE FROM tkt_macros WHERE id = @Id", new { Id = id }, tx);
        await audit.RecordAsync("tickets", "macro.deleted", "macro", id, macro, null, ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

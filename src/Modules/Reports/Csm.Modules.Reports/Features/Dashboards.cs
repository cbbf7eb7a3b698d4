using Csm.BuildingBlocks.Http;
using Csm.Modules.Reports.Dashboards;
using MediatR;

namespace Csm.Modules.Reports.Features;

/// <summary>
/// Dashboards people compose from the tile catalogue: saved for themselves, or shared with a team or a role (managers), and
/// one default per role that a person lands on until they save their own. Every member of staff has dashboards; a tile
/// whose data needs a permission they lack is simply not offered to them.
/// </summary>
internal static class Dashboards
{
    /// <summary>What a person writes to save a dashboard.</summary>
    /// <param name="DefaultFor">Makes it this role's default (share it with that role); null leaves it no role's default.</param>
    /// <param name="Version">When changing a dashboard, the version it had when read (ignored when creating one).</param>
    public sealed record Form(string Name, Audience SharedWith, IReadOnlyList<Tile> Tiles, string? DefaultFor = null, long Version = 0);

    /// <summary>A layout is a few kilobytes; anything near this is not a dashboard and is refused before it is read.</summary>
    private const long MaxBody = 64 * 1024;

    internal sealed class Validator : Validator<Form>
    {
        public Validator()
        {
            RuleFor(f => f.Name).NotEmpty().MaximumLength(200);
            RuleFor(f => f.SharedWith).Cascade(CascadeMode.Stop).NotNull().ChildRules(a =>
            {
                a.RuleFor(x => x.Kind).Must(k => Audience.Kinds.Contains(k))
                    .WithMessage(x => $"Unknown audience '{x.Kind}'; use one of: {string.Join(", ", Audience.Kinds)}.");
                a.RuleFor(x => x.Name).Null().When(x => x.Kind == Audience.Person).WithMessage("A personal dashboard names no team or role.");
                a.RuleFor(x => x.Name).NotEmpty().MaximumLength(100).When(x => x.Kind == Audience.Team);
                a.RuleFor(x => x.Name).Must(r => Roles.All.Contains(r)).When(x => x.Kind == Audience.Role)
                    .WithMessage(x => $"Unknown role '{x.Name}'; use one of: {string.Join(", ", Roles.All)}.");
            });
            RuleFor(f => f.DefaultFor).Must(r => Roles.All.Contains(r)).When(f => f.DefaultFor is not null)
                .WithMessage(f => $"Unknown role '{f.DefaultFor}'; use one of: {string.Join(", ", Roles.All)}.");
            RuleFor(f => f.DefaultFor).Must((f, r) => f.SharedWith is { Kind: Audience.Role } a && a.Name == r).When(f => f.DefaultFor is not null)
                .WithMessage("A role's default dashboard is shared with that role.");
            RuleFor(f => f.Tiles).Cascade(CascadeMode.Stop).NotNull().Must(t => t.Count <= TileCatalogue.MaxTiles)
                .WithMessage($"At most {TileCatalogue.MaxTiles} tiles.");
            RuleForEach(f => f.Tiles).Cascade(CascadeMode.Stop).NotNull().SetValidator(new TileValidator());
        }
    }

    private static async Task<Viewer> ViewerAsync(DbSession session, IStaffDirectory staff, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var name = user.Identity?.Name ?? "";
        var member = await staff.FindAsync(await session.ConnectionAsync(ct), session.Transaction, name);
        var roles = Roles.All.Where(user.IsInRole).ToList();
        return new Viewer(name, roles, member?.Team, user.Holds(Can.Configure));
    }

    /// <summary>Shared dashboards and roles' defaults are settings: only those who configure may write them.</summary>
    private static ProblemHttpResult? Refusal(Form form, Viewer v) =>
        (form.SharedWith.Kind != Audience.Person || form.DefaultFor is not null) && !v.Configures
            ? Problems.Forbidden(Can.Configure, "; a personal dashboard needs none")
            : null;

    internal sealed class Catalogue : EndpointWithoutRequest<Ok<IReadOnlyList<TileKind>>>
    {
        public override void Configure()
        {
            Get("dashboards/catalogue");
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_DashboardCatalogue")
                .WithSummary("The tiles a dashboard may hold: each kind with the permission its data needs, its parameters and usual size")
                .WithDescription($"Tiles sit on a grid of {TileCatalogue.Columns} columns: `x` + `w` ≤ {TileCatalogue.Columns}, `h` ≤ {TileCatalogue.MaxHeight}."));
        }

        public override Task<Ok<IReadOnlyList<TileKind>>> ExecuteAsync(CancellationToken ct) => Task.FromResult(TypedResults.Ok(TileCatalogue.Kinds));
    }

    internal sealed class List(DbSession session, IStaffDirectory staff) : EndpointWithoutRequest<Ok<IReadOnlyList<Dashboard>>>
    {
        public override void Configure()
        {
            Get("dashboards");
            Group<ReportsGroup>();
            Description(d => d.WithName("Reports_ListDashboards").WithSummary("The caller's dashboards, those shared with their team or roles, and their roles' defaults"));
        }

        public override async Task<Ok<IReadOnlyList<Dashboard>>> ExecuteAsync(CancellationToken ct) =>
            TypedResults.Ok(await DashboardStore.VisibleAsync(await session.ConnectionAsync(ct), await ViewerAsync(session, staff, User, ct)));
    }

    internal sealed class Home(DbSession session, IStaffDirectory staff) : EndpointWithoutRequest<Results<Ok<Dashboard>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("dashboards/home");
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_HomeDashboard")
                .WithSummary("The dashboard the caller lands on: the last one they saved for themselves, else their role's default")
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<Dashboard>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var home = await DashboardStore.HomeAsync(await session.ConnectionAsync(ct), await ViewerAsync(session, staff, User, ct));
            return home is null ? Problems.NotFound("Dashboard", "home") : TypedResults.Ok(home);
        }
    }

    internal sealed class Get(DbSession session, IStaffDirectory staff) : EndpointWithoutRequest<Results<Ok<Dashboard>, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get("dashboards/{id:long}");
            Group<ReportsGroup>();
            Description(d => d.WithName("Reports_GetDashboard").WithSummary("One dashboard the caller may see").ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<Ok<Dashboard>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var found = await DashboardStore.FindAsync(await session.ConnectionAsync(ct), null, await ViewerAsync(session, staff, User, ct), id);
            return found is null ? Problems.NotFound("Dashboard", id) : TypedResults.Ok(found);
        }
    }

    internal sealed class Create(DbSession session, IStaffDirectory staff, IMediator mediator, AuditTrail audit, TimeProvider clock)
        : Endpoint<Form, Results<Created<Dashboard>, ValidationProblem, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Post("dashboards");
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_CreateDashboard")
                .WithSummary("Saves a dashboard: personal, or shared with a team or role and a role's default (settings.configure)")
                .WithDescription("`sharedWith.kind` person, team or role with its `name`; `tiles` from GET /api/dashboards/catalogue. `version` is ignored.")
                .WithMetadata(new BodySizeLimit(MaxBody))
                .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
                .WithIdempotency());
        }

        public override async Task<Results<Created<Dashboard>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Form form, CancellationToken ct)
        {
            var viewer = await ViewerAsync(session, staff, User, ct);
            if (Refusal(form, viewer) is { } refused) return refused;
            var missing = await TileTargets.MissingAsync(mediator, await session.ConnectionAsync(ct), null, form.Tiles, form.SharedWith, viewer.UserName, ct);
            if (missing.Count > 0) return Problems.Invalid(missing);
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var id = await DashboardStore.InsertAsync(c, tx, session.Dialect, viewer.UserName, form.Name.Trim(), form.SharedWith, form.Tiles, clock.GetUtcNow());
            if (form.DefaultFor is not null) await DashboardStore.SetDefaultAsync(c, tx, session.Dialect, id, form.DefaultFor);
            var saved = (await DashboardStore.FindAsync(c, tx, viewer, id))!;
            await audit.RecordAsync("reports", "dashboard.created", "dashboard", id, after: saved, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.Created($"/api/dashboards/{id}", saved);
        }
    }

    internal sealed class Update(DbSession session, IStaffDirectory staff, IMediator mediator, AuditTrail audit, TimeProvider clock)
        : Endpoint<Form, Results<Ok<Dashboard>, ValidationProblem, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Put("dashboards/{id:long}");
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_UpdateDashboard")
                .WithSummary("Changes a dashboard (its owner's own, or a shared one with settings.configure); `version` must be its current one")
                .WithMetadata(new BodySizeLimit(MaxBody))
                .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        }

        public override async Task<Results<Ok<Dashboard>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Form form, CancellationToken ct)
        {
            var id = Route<long>("id");
            var viewer = await ViewerAsync(session, staff, User, ct);
            if (Refusal(form, viewer) is { } refused) return refused;
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = await DashboardStore.FindAsync(c, tx, viewer, id);
            if (before is null) return Problems.NotFound("Dashboard", id);
            if (!before.CanEdit) return Problems.Forbidden(Can.Configure, "; only its owner changes a personal dashboard");
            var missing = await TileTargets.MissingAsync(mediator, c, tx, form.Tiles, form.SharedWith, before.Owner, ct);
            if (missing.Count > 0) return Problems.Invalid(missing);
            if (!await DashboardStore.UpdateAsync(c, tx, id, form.Version, form.Name.Trim(), form.SharedWith, form.Tiles, clock.GetUtcNow()))
                return Problems.StaleVersion(form.Version, before.Version);
            if (form.DefaultFor != before.DefaultFor) await DashboardStore.SetDefaultAsync(c, tx, session.Dialect, id, form.DefaultFor);
            var saved = (await DashboardStore.FindAsync(c, tx, viewer, id))!;
            await audit.RecordAsync("reports", "dashboard.updated", "dashboard", id, before, saved, ct);
            await session.CommitAsync(ct);
            return TypedResults.Ok(saved);
        }
    }

    internal sealed class Remove(DbSession session, IStaffDirectory staff, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Delete("dashboards/{id:long}");
            Group<ReportsGroup>();
            Description(d => d
                .WithName("Reports_DeleteDashboard")
                .WithSummary("Deletes a dashboard; a role's default deleted comes back as shipped at the next start")
                .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var id = Route<long>("id");
            var viewer = await ViewerAsync(session, staff, User, ct);
            var tx = await session.BeginAsync(ct);
            var c = await session.ConnectionAsync(ct);
            var before = await DashboardStore.FindAsync(c, tx, viewer, id);
            if (before is null) return Problems.NotFound("Dashboard", id);
            if (!before.CanEdit) return Problems.Forbidden(Can.Configure, "; only its owner deletes a personal dashboard");
            await DashboardStore.DeleteAsync(c, tx, id);
            await audit.RecordAsync("reports", "dashboard.deleted", "dashboard", id, before: before, ct: ct);
            await session.CommitAsync(ct);
            return TypedResults.NoContent();
        }
    }
}

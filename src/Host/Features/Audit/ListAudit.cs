using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Audit;

/// <summary>The audit log, newest first, filtered; as CSV (every matching entry up to a cap) with Accept: text/csv.</summary>
internal sealed class ListAudit(DbSession session) : Endpoint<ListAudit.QueryString, Results<Ok<Paged<AuditEntryView>>, FileContentHttpResult>>
{
    private const int CsvCap = 100_000;

    /// <summary>The query string. Times are instants (ISO 8601); text filters match exactly, action also by prefix ("rule.").</summary>
    public sealed record QueryString(
        DateTimeOffset? From = null, DateTimeOffset? To = null, string? Actor = null, string? Action = null, string? Entity = null,
        string? EntityId = null, string? Module = null, int? Page = null, int? PageSize = null);

    internal sealed class Validator : Validator<QueryString>
    {
        public Validator()
        {
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null)
                .WithMessage("'to' must not be before 'from'.");
            RuleFor(q => q.Actor).MaximumLength(200);
            RuleFor(q => q.Action).MaximumLength(100);
            RuleFor(q => q.Entity).MaximumLength(60);
            RuleFor(q => q.EntityId).MaximumLength(100);
            RuleFor(q => q.Module).MaximumLength(40);
        }
    }

    public override void Configure()
    {
        Get("audit");
        Policies(Access.Admin);
        Description(d => d
            .WithName("Audit_List")
            .WithSummary("Lists who changed what, when and from where (admins)")
            .WithDescription("Newest first. `action` matches exactly or, ending with a dot, by prefix (`rule.`). Send `Accept: text/csv` for every matching entry as CSV.")
            .WithTags("Audit")
            .Produces<Paged<AuditEntryView>>(StatusCodes.Status200OK, "application/json", Csv.ContentType));
    }

    public override async Task<Results<Ok<Paged<AuditEntryView>>, FileContentHttpResult>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var where = Where(query, out var args);
        if (Csv.Wanted(HttpContext.Request))
        {
            args.Add("Limit", CsvCap);
            var all = await c.QueryAsync<AuditEntryView.Row>(
                $"SELECT {session.Dialect.Top(CsvCap)} {AuditEntryView.Columns} FROM sys_audit {where} ORDER BY id DESC {session.Dialect.Limit(CsvCap)}", args);
            return Csv.File("audit", ["at", "actor", "actorKind", "address", "module", "action", "entity", "entityId", "changed", "before", "after"],
                all.Select(r => (IReadOnlyList<object?>)[r.At, r.Actor, r.ActorKind, r.Address, r.Module, r.Action, r.Entity, r.EntityId,
                    string.Join(' ', AuditEntryView.From(r).Changed), r.BeforeJson, r.AfterJson]));
        }
        var page = PageRequest.From(query.Page, query.PageSize);
        args.Add("Offset", page.Offset);
        args.Add("Limit", page.PageSize);
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM sys_audit {where}", args);
        var rows = await c.QueryAsync<AuditEntryView.Row>(
            $"SELECT {AuditEntryView.Columns} FROM sys_audit {where} ORDER BY id DESC {session.Dialect.Page}", args);
        return TypedResults.Ok(new Paged<AuditEntryView>(rows.Select(AuditEntryView.From).ToList(), total, page.Page, page.PageSize));
    }

    private static string Where(QueryString q, out DynamicParameters parameters)
    {
        var args = parameters = new DynamicParameters();
        var where = new List<string>();
        void Add(string clause, string name, object? value)
        {
            if (value is null) return;
            where.Add(clause);
            args.Add(name, value);
        }
        Add("at >= @From", "From", q.From);
        Add("at < @To", "To", q.To);
        Add("actor = @Actor", "Actor", Blank(q.Actor));
        if (Blank(q.Action) is { } action)
        {
            if (action.EndsWith('.')) Add("action LIKE @Action", "Action", action.Replace("%", "").Replace("_", "") + "%");
            else Add("action = @Action", "Action", action);
        }
        Add("entity = @Entity", "Entity", Blank(q.Entity));
        Add("entity_id = @EntityId", "EntityId", Blank(q.EntityId));
        Add("module = @Module", "Module", Blank(q.Module));
        return where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

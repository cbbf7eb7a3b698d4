using System.Data.Common;
using Csm.Modules.Customers.Import;

namespace Csm.Modules.Customers.Features;

/// <summary>
/// Which source system owns which customer field in imports, set by managers: e.g. the CRM owns the account manager and
/// the tier. An import from another source fills an owned field only while it is empty (see <see cref="ImportMerge"/>).
/// Fields are name, kind, tier, accountManager, language, contacts, tags, and cf.&lt;key&gt; for a custom field.
/// </summary>
internal static class FieldOwners
{
    public sealed record Owner(string Field, string Source);

    public static async Task<Dictionary<string, string>> LoadAsync(DbConnection c, DbTransaction? tx) =>
        (await c.QueryAsync<Owner>("SELECT field, source FROM cus_field_owners", transaction: tx))
        .ToDictionary(o => o.Field, o => o.Source, StringComparer.Ordinal);
}

internal sealed class ListFieldOwners(Db db) : EndpointWithoutRequest<Ok<List<FieldOwners.Owner>>>
{
    public override void Configure()
    {
        Get("customers/field-owners");
        Group<CustomersGroup>();
        Description(d => d.WithName("Customers_FieldOwners").WithSummary("Lists which source system owns which customer field in imports"));
    }

    public override async Task<Ok<List<FieldOwners.Owner>>> ExecuteAsync(CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        return TypedResults.Ok((await FieldOwners.LoadAsync(c, null)).Select(o => new FieldOwners.Owner(o.Key, o.Value)).OrderBy(o => o.Field, StringComparer.Ordinal).ToList());
    }
}

internal sealed class SetFieldOwners(DbSession session, AuditTrail audit, CustomFieldCatalog catalog, TimeProvider clock)
    : Endpoint<SetFieldOwners.Request, Results<Ok<List<FieldOwners.Owner>>, ValidationProblem>>
{
    /// <param name="Owners">Every owned field with its source; a field left out has no owner (any source may change it).</param>
    public sealed record Request(IReadOnlyList<FieldOwners.Owner> Owners);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Owners).Cascade(CascadeMode.Stop).NotNull().Must(o => o.Count <= 200).WithMessage("At most 200 owned fields.");
            RuleForEach(r => r.Owners).Cascade(CascadeMode.Stop).NotNull().ChildRules(o =>
            {
                o.RuleFor(x => x.Field).NotEmpty().MaximumLength(100);
                o.RuleFor(x => x.Source).NotEmpty().MaximumLength(100);
            });
            RuleFor(r => r.Owners).Must(o => o.Select(x => x.Field).Distinct(StringComparer.Ordinal).Count() == o.Count)
                .When(r => r.Owners is not null && r.Owners.All(o => o?.Field is not null)).WithMessage("A field has one owner; it is named twice.");
        }
    }

    public override void Configure()
    {
        Put("customers/field-owners");
        Group<CustomersGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("Customers_SetFieldOwners")
            .WithSummary("Sets which source system owns which customer field in imports (managers); replaces the whole list")
            .WithDescription("Fields: " + string.Join(", ", ImportMerge.Fields) + ", and cf.<key> for a custom field. An import from another source fills an owned field only while it is empty."));
    }

    public override async Task<Results<Ok<List<FieldOwners.Owner>>, ValidationProblem>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var custom = await catalog.LoadAsync(ct);
        var unknown = request.Owners.Select((o, i) => (o, i))
            .FirstOrDefault(x => !ImportMerge.Fields.Contains(x.o.Field) && !(x.o.Field.StartsWith("cf.", StringComparison.Ordinal) && custom.ContainsKey(x.o.Field[3..])));
        if (unknown.o is not null)
            return Problems.Invalid($"owners[{unknown.i}].field",
                $"'{unknown.o.Field}' is not a customer field. Fields: {string.Join(", ", ImportMerge.Fields)}, and cf.<key> for a custom field ({(custom.Count == 0 ? "none defined" : string.Join(", ", custom.Keys.Select(k => "cf." + k)))}).");

        var owners = request.Owners.Select(o => new FieldOwners.Owner(o.Field, o.Source.Trim())).OrderBy(o => o.Field, StringComparer.Ordinal).ToList();
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var before = (await FieldOwners.LoadAsync(c, tx)).OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary();
        await c.ExecuteAsync("DELETE FROM cus_field_owners", transaction: tx);
        await c.ExecuteAsync("INSERT INTO cus_field_owners (field, source, updated_at) VALUES (@Field, @Source, @Now)",
            owners.Select(o => new { o.Field, o.Source, Now = clock.GetUtcNow() }), tx);
        await audit.RecordAsync("customers", "fieldOwners.set", "fieldOwners", null, before: before, after: owners.ToDictionary(o => o.Field, o => o.Source), ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(owners);
    }
}

using System.Text.Json;
using Csm.BuildingBlocks.Auth;

namespace Csm.Modules.Customers.Features;

internal sealed class ListCustomFields(CustomFieldCatalog catalog) : EndpointWithoutRequest<Ok<List<CustomFieldDefinition>>>
{
    public override void Configure()
    {
        Get("customer-fields");
        Group<CustomersGroup>();
        Description(d => d.WithName("CustomerFields_List").WithSummary("Lists the custom fields every customer can carry"));
    }

    public override async Task<Ok<List<CustomFieldDefinition>>> ExecuteAsync(CancellationToken ct) =>
        TypedResults.Ok((await catalog.LoadAsync(ct)).Values.ToList());
}

internal sealed class DefineCustomField(DbSession session, AuditTrail audit, TimeProvider clock)
    : Endpoint<DefineCustomField.Request, Results<Created<CustomFieldDefinition>, ProblemHttpResult>>
{
    /// <param name="Type">text, number, date or choice.</param>
    public sealed record Request(string Key, string Label, string Type, bool Required, IReadOnlyList<string>? Choices);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Key).NotEmpty().Matches(CustomFieldTypes.KeyPattern)
                .WithMessage("Start with a letter; letters, digits and _ only; at most 64 characters.");
            RuleFor(r => r.Label).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Type).Must(t => CustomFieldTypes.All.Contains(t)).WithMessage(Vocabulary.OneOf(CustomFieldTypes.All));
            RuleFor(r => r.Choices).NotEmpty().When(r => r.Type == "choice").WithMessage("A choice field needs its choices.");
            RuleForEach(r => r.Choices).NotEmpty().MaximumLength(200);
        }
    }

    public override void Configure()
    {
        Post("customer-fields");
        Group<CustomersGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("CustomerFields_Define")
            .WithSummary("Defines a custom field (managers)")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Created<CustomFieldDefinition>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var choices = request.Type == "choice" ? (request.Choices ?? []).Distinct().ToList() : [];
        var field = new CustomFieldDefinition(request.Key, request.Label, request.Type, request.Required, choices);
        try
        {
            await c.ExecuteAsync(
                "INSERT INTO cus_custom_fields (field_key, label, field_type, required, choices, created_at) VALUES (@Key, @Label, @Type, @Required, @Choices, @Now)",
                new { request.Key, request.Label, request.Type, request.Required, Choices = JsonSerializer.Serialize(choices), Now = clock.GetUtcNow() }, tx);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            return Problems.Conflict($"A custom field '{request.Key}' already exists.");
        }
        await audit.RecordAsync("customers", "customerField.defined", "customerField", request.Key, after: field, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Created($"/api/customer-fields/{request.Key}", field);
    }
}

internal sealed class RemoveCustomField(DbSession session, AuditTrail audit, CustomFieldCatalog catalog) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("customer-fields/{key}");
        Group<CustomersGroup>();
        Policies(Access.Manager);
        Description(d => d
            .WithName("CustomerFields_Remove")
            .WithSummary("Removes a custom field and its values from every customer (managers)")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var key = Route<string>("key")!;
        // A definition is never edited, only defined and removed: read before the write turn, it is what is removed.
        var before = (await catalog.LoadAsync(ct)).GetValueOrDefault(key);
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var removed = await c.ExecuteAsync("DELETE FROM cus_custom_fields WHERE field_key = @Key", new { Key = key }, tx);
        if (removed == 0) return Problems.NotFound("Custom field", key);
        // The key matched a definition, so it passed the key pattern when it was defined: safe inside the JSON path.
        await c.ExecuteAsync(
            $"UPDATE cus_customers SET custom_fields = {session.Dialect.JsonRemove("custom_fields", "$." + key)} WHERE {session.Dialect.JsonText("custom_fields", "$." + key)} IS NOT NULL",
            transaction: tx);
        await audit.RecordAsync("customers", "customerField.removed", "customerField", key, before, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

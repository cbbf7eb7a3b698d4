using System.Text.Json;
using Csm.BuildingBlocks.Auth;

namespace Csm.Modules.Customers.Features;

internal sealed class ListCustomFields : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapGet("customer-fields", async (CustomFieldCatalog catalog, CancellationToken ct) =>
            TypedResults.Ok((await catalog.LoadAsync(ct)).Values.ToList()))
        .WithName("CustomerFields_List")
        .WithSummary("Lists the custom fields every customer can carry");
}

internal sealed class DefineCustomField : IEndpoint
{
    /// <param name="Type">text, number, date or choice.</param>
    public sealed record Request(string Key, string Label, string Type, bool Required, IReadOnlyList<string>? Choices);

    internal sealed class Validator : AbstractValidator<Request>
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

    public static void Map(IEndpointRouteBuilder app) => app
        .MapPost("customer-fields", Handle)
        .WithName("CustomerFields_Define")
        .WithSummary("Defines a custom field (managers)")
        .RequireAuthorization(Policies.Manager)
        .WithRequestValidation<Request>()
        .WithIdempotency()
        .ProducesProblem(StatusCodes.Status409Conflict);

    internal static async Task<Results<Created<CustomFieldDefinition>, ProblemHttpResult>> Handle(
        Request request, DbSession session, TimeProvider clock, CancellationToken ct)
    {
        var c = await session.ConnectionAsync(ct);
        var choices = request.Type == "choice" ? (request.Choices ?? []).Distinct().ToList() : [];
        try
        {
            await c.ExecuteAsync(
                "INSERT INTO cus_custom_fields (field_key, label, field_type, required, choices, created_at) VALUES (@Key, @Label, @Type, @Required, @Choices, @Now)",
                new { request.Key, request.Label, request.Type, request.Required, Choices = JsonSerializer.Serialize(choices), Now = clock.GetUtcNow() });
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            return Problems.Conflict($"A custom field '{request.Key}' already exists.");
        }
        return TypedResults.Created($"/api/customer-fields/{request.Key}",
            new CustomFieldDefinition(request.Key, request.Label, request.Type, request.Required, choices));
    }
}

internal sealed class RemoveCustomField : IEndpoint
{
    public static void Map(IEndpointRouteBuilder app) => app
        .MapDelete("customer-fields/{key}", Handle)
        .WithName("CustomerFields_Remove")
        .WithSummary("Removes a custom field and its values from every customer (managers)")
        .RequireAuthorization(Policies.Manager)
        .ProducesProblem(StatusCodes.Status404NotFound);

    internal static async Task<Results<NoContent, ProblemHttpResult>> Handle(string key, DbSession session, CancellationToken ct)
    {
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var removed = await c.ExecuteAsync("DELETE FROM cus_custom_fields WHERE field_key = @Key", new { Key = key }, tx);
        if (removed == 0) return Problems.NotFound("Custom field", key);
        // The key matched a definition, so it passed the key pattern when it was defined: safe inside the JSON path.
        await c.ExecuteAsync(
            $"UPDATE cus_customers SET custom_fields = {session.Dialect.JsonRemove("custom_fields", "$." + key)} WHERE {session.Dialect.JsonText("custom_fields", "$." + key)} IS NOT NULL",
            transaction: tx);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

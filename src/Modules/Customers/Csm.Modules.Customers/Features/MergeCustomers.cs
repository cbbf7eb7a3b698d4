namespace Csm.Modules.Customers.Features;

/// <summary>Two customers become one: the one in the route survives, the duplicate is merged into it (see <see cref="CustomerMerge"/>).</summary>
internal sealed class MergeCustomers(CustomerMerge merge) : Endpoint<MergeCustomers.Request, Results<Ok<MergeCustomers.Merged>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="DuplicateId">The customer merged into this one (from the duplicates queue or any other); it then answers 301 with `mergedInto`.</param>
    public sealed record Request(long DuplicateId);

    /// <param name="MergeId">The merge, undone with POST /api/customers/{duplicateId}/merge/undo within 30 days.</param>
    public sealed record Merged(long MergeId, long MergedId, CustomerView Survivor);

    internal sealed class Validator : Validator<Request>
    {
        public Validator() => RuleFor(r => r.DuplicateId).GreaterThan(0);
    }

    public override void Configure()
    {
        Post("customers/{id:long}/merge");
        Policies(Can.ArchiveCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_Merge")
            .WithSummary("Merges a duplicate into this customer")
            .WithDescription("""
                The customer in the route survives: it keeps its profile, fills what it lacked from the duplicate (account manager,
                credit code, custom fields) and gains every external id, contact, tag, contract, asset, order and interaction of it.
                Tickets, tasks, survey responses and invitations, rule facts and report rows follow in every module (`CustomerMerged`).
                The duplicate is archived and answers GET with 301 and `mergedInto`; imports keyed on its external ids land on the survivor.
                Undone within 30 days by POST /api/customers/{duplicateId}/merge/undo. Needs `customers.archive` (managers).
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<Merged>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        if (request.DuplicateId == id) return Problems.Invalid("duplicateId", "A customer cannot be merged into itself.");
        var (done, problem, status) = await merge.MergeAsync(id, request.DuplicateId, ct);
        if (done is null)
            return status == 404 && problem!.Contains($" {request.DuplicateId} ", StringComparison.Ordinal)
                ? Problems.Invalid("duplicateId", problem)
                : status == 404 ? Problems.NotFound("Customer", id) : Problems.Conflict(problem!);
        return TypedResults.Ok(new Merged(done.MergeId, request.DuplicateId, done.Survivor));
    }
}

namespace Csm.Modules.Customers.Features;

/// <summary>
/// Brings a merged-away customer back within 30 days: their profile and external ids, and the records that were theirs at
/// the merge (contracts, assets, orders, interactions, tickets, scores) move back; the survivor returns to its pre-merge
/// profile unless it was changed since (then it keeps the changes, less the external ids that moved back).
/// </summary>
internal sealed class UndoMerge(CustomerMerge merge) : EndpointWithoutRequest<Results<Ok<CustomerView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("customers/{id:long}/merge/undo");
        Policies(Can.ArchiveCustomers);
        Group<CustomersGroup>();
        Description(d => d
            .WithName("Customers_UndoMerge")
            .WithSummary("Undoes the merge of this (merged-away) customer")
            .WithDescription("""
                `id` is the customer that was merged away. What came from them moves back (`CustomerUnmerged` in the other modules:
                tickets, responses, contracts, assets and orders by id); records added to the survivor since stay with it. Survey
                invitations and rule firings are not moved back. 409 after 30 days. Needs `customers.archive` (managers).
                """)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<CustomerView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var (restored, problem, status) = await merge.UndoAsync(Route<long>("id"), ct);
        if (restored is null)
            return status == 404 ? TypedResults.Problem(problem, statusCode: 404, title: "Not found") : Problems.Conflict(problem!);
        return TypedResults.Ok(restored);
    }
}

using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Features;

/// <summary>Answers the contract query <see cref="Contracts.GetCustomer"/> for modules that must check a customer synchronously.</summary>
internal sealed class CustomerQuery(Db db) : IRequestHandler<Contracts.GetCustomer, CustomerSnapshot?>
{
    public async Task<CustomerSnapshot?> Handle(Contracts.GetCustomer request, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var view = await CustomerStore.FindAsync(c, request.CustomerId);
        if (view is null) return null;
        var firstName = view.Kind == "person" ? view.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        var primary = view.Contacts.FirstOrDefault(x => x.IsPrimary) ?? view.Contacts.FirstOrDefault();
        return new CustomerSnapshot(view.Id, view.Name, view.Erased ? null : firstName,
            Vocabulary.TierOf(view.Tier),
            view.AccountManager, view.Tags, primary?.Email, primary?.Phone, view.Language, view.Erased);
    }
}

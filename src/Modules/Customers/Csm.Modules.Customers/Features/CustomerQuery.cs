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
        return view is null ? null : Of(view.Id, view.Name, view.Kind, view.Tier, view.AccountManager, view.Tags, view.Contacts, view.Language, view.Erased);
    }

    /// <summary>The snapshot of a customer, from its stored row or from what was just written.</summary>
    public static CustomerSnapshot Of(long id, string name, string kind, string tier, string? accountManager, IReadOnlyList<string> tags,
        IReadOnlyList<Contact> contacts, string language, bool erased)
    {
        var firstName = kind == "person" ? name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        var primary = contacts.FirstOrDefault(x => x.IsPrimary) ?? contacts.FirstOrDefault();
        return new CustomerSnapshot(id, name, erased ? null : firstName, Vocabulary.TierOf(tier), accountManager, tags, primary?.Email, primary?.Phone, language, erased);
    }
}

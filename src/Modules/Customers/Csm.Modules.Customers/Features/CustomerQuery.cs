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
        return view is null ? null : Of(view);
    }

    /// <summary>The snapshot of a stored customer.</summary>
    public static CustomerSnapshot Of(CustomerView v) => Of(v.Id, v.Name, v.Kind, v.Tier, v.AccountManager, v.Tags, v.Contacts, v.Language, v.Erased);

    /// <summary>The snapshot of a customer just written (not erased).</summary>
    public static CustomerSnapshot Of(long id, CustomerState s) => Of(id, s.Name, s.Kind, s.Tier, s.AccountManager, s.Tags, s.Contacts, s.Language, false);

    private static CustomerSnapshot Of(long id, string name, string kind, string tier, string? accountManager, IReadOnlyList<string> tags,
        IReadOnlyList<Contact> contacts, string language, bool erased)
    {
        var firstName = kind == "person" ? name.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        var primary = contacts.FirstOrDefault(x => x.IsPrimary) ?? contacts.FirstOrDefault();
        return new CustomerSnapshot(id, name, erased ? null : firstName, Vocabulary.TierOf(tier), accountManager, tags, primary?.Email, primary?.Phone, language, erased);
    }
}

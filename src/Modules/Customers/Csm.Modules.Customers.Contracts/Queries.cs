using MediatR;

namespace Csm.Modules.Customers.Contracts;

/// <summary>The current state of one customer, for a module that must check it synchronously (e.g. before opening a ticket).</summary>
public sealed record GetCustomer(long CustomerId) : IRequest<CustomerSnapshot?>;

/// <param name="FirstName">What a survey may greet the customer with; no other personal data leaves through public pages.</param>
/// <param name="Language">"zh-CN" or "en".</param>
public sealed record CustomerSnapshot(
    long CustomerId,
    string Name,
    string? FirstName,
    CustomerTier Tier,
    string? AccountManager,
    IReadOnlyList<string> Tags,
    string? Email,
    string? Phone,
    string Language,
    bool IsErased);

/// <summary>
/// Someone wrote in through a public channel (the web form, e-mail, WeChat): the customer whose e-mail or phone it is,
/// else a new prospect tagged <see cref="Requester.NeedsReview"/> for staff to check. Sent with no transaction open, a new
/// prospect is written in a transaction of its own. Sent inside the caller's open transaction (its session), the prospect
/// is written in it and the answer carries the customer, which nobody else can read before the commit: the prospect and
/// its ticket then take one write turn, and a ticket that cannot be opened leaves no prospect behind.
/// </summary>
/// <param name="Channel">Where they wrote in, recorded with a new prospect (e.g. "webForm").</param>
public sealed record FindOrAddRequester(string Name, string? Email, string? Phone, string Language, string Channel) : IRequest<Requester>;

/// <summary>The customer whose e-mail or phone it is (any contact's, the oldest first), as committed; null when nobody's.</summary>
public sealed record FindRequester(string? Email, string? Phone) : IRequest<long?>;

/// <param name="Added">True when no customer had the e-mail or phone and a prospect was created.</param>
/// <param name="Customer">The customer as <see cref="GetCustomer"/> would answer, when sent inside the caller's transaction.</param>
public sealed record Requester(long CustomerId, bool Added, CustomerSnapshot? Customer = null)
{
    /// <summary>The tag a prospect created from a public channel carries until staff have looked at it.</summary>
    public const string NeedsReview = "needs-review";
}

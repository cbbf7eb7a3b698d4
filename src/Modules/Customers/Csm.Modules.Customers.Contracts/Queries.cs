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

namespace Csm.Modules.Tickets.Contracts;

/// <summary>Anchor for the module's contract assembly.</summary>
public static class TicketsContracts
{
    /// <summary>
    /// The customer of a task about no customer (an improvement plan's action such as "retrain the night shift"): no
    /// customer has this id, and handlers that keep something per customer pass over tickets that carry it.
    /// </summary>
    public const long NoCustomer = 0;
}

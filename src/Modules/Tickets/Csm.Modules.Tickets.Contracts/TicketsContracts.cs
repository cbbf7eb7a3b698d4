namespace Csm.Modules.Tickets.Contracts;

/// <summary>Anchor for the module's contract assembly.</summary>
public static class TicketsContracts;

namespace Csm.Modules.Tickets;

/// <summary>Every Tickets endpoint: staff, and API keys with the "tickets" scope.</summary>
internal sealed class TicketsGroup() : ModuleGroup("tickets", "Tickets");

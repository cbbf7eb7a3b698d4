namespace Csm.Modules.Customers;

/// <summary>Every Customers endpoint: staff, and API keys with the "customers" scope.</summary>
internal sealed class CustomersGroup() : ModuleGroup("customers", "Customers");

namespace Csm.Modules.Customers.Contracts;

/// <summary>Anchor for the module's contract assembly.</summary>
public static class CustomersContracts;

public enum CustomerTier { Vip, Standard, Prospect }

public enum CustomerKind { Person, Company }

namespace Csm.Modules.Reports.Contracts;

/// <summary>Anchor for the module's contract assembly.</summary>
public static class ReportsContracts;

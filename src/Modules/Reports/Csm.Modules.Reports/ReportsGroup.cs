namespace Csm.Modules.Reports;

/// <summary>Every Reports endpoint: staff, and API keys with the "reports" scope.</summary>
internal sealed class ReportsGroup() : ModuleGroup("reports", "Reports");

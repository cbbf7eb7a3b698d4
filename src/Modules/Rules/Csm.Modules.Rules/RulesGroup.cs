namespace Csm.Modules.Rules;

/// <summary>Every Rules endpoint: staff, and API keys with the "rules" scope.</summary>
internal sealed class RulesGroup() : ModuleGroup("rules", "Rules");

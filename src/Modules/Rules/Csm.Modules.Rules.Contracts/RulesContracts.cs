namespace Csm.Modules.Rules.Contracts;

/// <summary>Anchor for the module's contract assembly.</summary>
public static class RulesContracts;

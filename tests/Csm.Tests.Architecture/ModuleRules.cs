using System.Reflection;
using Csm.BuildingBlocks.Modules;

namespace Csm.Tests.Architecture;

/// <summary>The boundary rules, as functions over assemblies, so a test can also prove they catch a violation.</summary>
internal static class ModuleRules
{
    public static readonly string[] ModuleNames = ["Customers", "Tickets", "Surveys", "Rules", "Reports"];

    /// <summary>Public types of a module's implementation other than its entry point.</summary>
    public static IEnumerable<string> PublicSurface(Assembly implementation) => implementation.GetExportedTypes()
        .Where(t => !typeof(IModule).IsAssignableFrom(t))
        .Select(t => t.FullName!);

    /// <summary>References from an assembly to another module's implementation (contracts are allowed).</summary>
    public static IEnumerable<string> ForeignImplementationReferences(Assembly assembly, string ownModule) => assembly.GetReferencedAssemblies()
        .Select(a => a.Name!)
        .Where(n => n.StartsWith("Csm.Modules.", StringComparison.Ordinal) && !n.EndsWith(".Contracts", StringComparison.Ordinal))
        .Where(n => n != $"Csm.Modules.{ownModule}");

    /// <summary>Contracts may depend on the building blocks and the framework only, never on a module.</summary>
    public static IEnumerable<string> ContractDependencies(Assembly contracts) => contracts.GetReferencedAssemblies()
        .Select(a => a.Name!)
        .Where(n => n.StartsWith("Csm.Modules.", StringComparison.Ordinal));
}

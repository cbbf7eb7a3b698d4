using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Csm.BuildingBlocks.Modules;

namespace Csm.Tests.Architecture;

/// <summary>The boundary rules, as functions over assemblies, so a test can also prove they catch a violation.</summary>
internal static class ModuleRules
{
    public static readonly string[] ModuleNames = ["Customers", "Tickets", "Surveys", "Rules", "Reports"];

    /// <summary>Public types of a module's implementation other than its entry point.</summary>
    public static IEnumerable<string> PublicSurface(Assembly implementation) => NetArchTest.Rules.Types.InAssembly(implementation)
        .That().ArePublic().And().AreNotNested().And().DoNotImplementInterface(typeof(IModule))
        .GetTypes().Select(t => t.FullName!);

    /// <summary>References from an assembly to another module's implementation (contracts are allowed).</summary>
    public static IEnumerable<string> ForeignImplementationReferences(Assembly assembly, string ownModule) => assembly.GetReferencedAssemblies()
        .Select(a => a.Name!)
        .Where(n => n.StartsWith("Csm.Modules.", StringComparison.Ordinal) && !n.EndsWith(".Contracts", StringComparison.Ordinal))
        .Where(n => n != $"Csm.Modules.{ownModule}");

    /// <summary>Contracts may depend on the building blocks and the framework only, never on a module.</summary>
    public static IEnumerable<string> ContractDependencies(Assembly contracts) => contracts.GetReferencedAssemblies()
        .Select(a => a.Name!)
        .Where(n => n.StartsWith("Csm.Modules.", StringComparison.Ordinal));

    /// <summary>What maps a route outside FastEndpoints: minimal APIs, route groups, health checks, static-file fallbacks, MVC.</summary>
    private static readonly string[] RouteMapping =
    [
        "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions",
        "Microsoft.AspNetCore.Builder.HealthCheckEndpointRouteBuilderExtensions",
        "Microsoft.AspNetCore.Builder.StaticFilesEndpointRouteBuilderExtensions",
        "Microsoft.AspNetCore.Routing.IEndpointRouteBuilder",
        "Microsoft.AspNetCore.Mvc.ControllerBase",
    ];

    /// <summary>Types that map routes themselves instead of being FastEndpoints endpoints.</summary>
    public static IEnumerable<string> RoutesMappedOutsideFastEndpoints(Assembly assembly) =>
        NetArchTest.Rules.Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(RouteMapping).GetResult().FailingTypeNames ?? [];

    /// <summary>Each module's table prefix; <c>sys_</c> is the host's (user accounts, API keys).</summary>
    public static readonly IReadOnlyDictionary<string, string> TablePrefixes = new Dictionary<string, string>
    {
        ["Customers"] = "cus_", ["Tickets"] = "tkt_", ["Surveys"] = "srv_", ["Rules"] = "rul_", ["Reports"] = "rpt_", ["Host"] = "sys_",
    };

    private static readonly Regex TableName = new(@"\b(cus|tkt|srv|rul|rpt|sys)_[a-z0-9_]+", RegexOptions.Compiled);

    /// <summary>
    /// Tables of other owners that an assembly's SQL names: every string literal in its code and every embedded .sql
    /// file (its migrations). A module keeps a read model of another module's data, fed by events, instead of reading it.
    /// </summary>
    public static IEnumerable<string> ForeignTables(Assembly assembly, string ownPrefix) =>
        SqlTexts(assembly).SelectMany(text => TableName.Matches(text).Select(m => m.Value))
            .Where(table => !table.StartsWith(ownPrefix, StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal);

    private static IEnumerable<string> SqlTexts(Assembly assembly)
    {
        using (var pe = new PEReader(File.OpenRead(assembly.Location)))
        {
            var metadata = pe.GetMetadataReader();
            for (var handle = MetadataTokens.UserStringHandle(1); !handle.IsNil; handle = metadata.GetNextHandle(handle))
                yield return metadata.GetUserString(handle);
        }
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".sql", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return reader.ReadToEnd();
        }
    }
}

using Csm.BuildingBlocks.Modules;

namespace Csm.Host;

/// <summary>The composed module list, for architecture tests and tools.</summary>
public static class HostModulesAccess
{
    public static IReadOnlyList<IModule> All => HostModules.All;
}

using Csm.BuildingBlocks.Auth;
using FastEndpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Csm.BuildingBlocks;

/// <summary>
/// A module's endpoints: staff only, an API key only with the module's scope, tagged with the module's name.
/// Each module declares one (<c>sealed class TicketsGroup() : ModuleGroup("tickets", "Tickets")</c>) and every
/// endpoint of the module joins it with <c>Group&lt;TicketsGroup&gt;()</c>.
/// </summary>
public abstract class ModuleGroup : Group
{
    protected ModuleGroup(string scope, string tag) => Configure("", ep =>
    {
        ep.Policies(Policies.Staff);
        ep.Policy(p => p.AddRequirements(new ModuleScopeRequirement(scope)));
        ep.Description(b => b.WithTags(tag));
    });
}

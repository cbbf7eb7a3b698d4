using Csm.BuildingBlocks.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Roles;

/// <summary>The permission matrix as it is enforced: Settings → Roles shows it, an integrator reads it.</summary>
internal sealed class ListRoles : EndpointWithoutRequest<Ok<ListRoles.Response>>
{
    /// <param name="OwnCustomersOnly">Roles that hold it only for customers they are the account manager of.</param>
    public sealed record PermissionView(string Name, IReadOnlyList<string> Roles, IReadOnlyList<string> OwnCustomersOnly);

    /// <param name="Roles">Roles from the least to the most trusted.</param>
    public new sealed record Response(IReadOnlyList<string> Roles, IReadOnlyList<PermissionView> Permissions);

    public override void Configure()
    {
        Get("roles");
        Policies(Access.Staff);
        Description(d => d
            .WithName("Roles_List")
            .WithSummary("The roles and what each may do (the permission matrix)")
            .WithTags("Users"));
    }

    public override Task<Ok<Response>> ExecuteAsync(CancellationToken ct) => Task.FromResult(TypedResults.Ok(new Response(
        BuildingBlocks.Auth.Roles.All,
        Can.Matrix.Select(p => new PermissionView(p.Name, p.Roles, p.OwnCustomersOnly)).ToList())));
}

using System.Security.Claims;
using Csm.BuildingBlocks.Auth;
using Csm.Modules.Tickets.Data;

namespace Csm.Modules.Tickets.Workflows;

/// <summary>
/// Who may move a ticket out of its stage: the stage's owner (a person whose role is the stage's role or above, and who
/// is in the stage's team when it names one), the ticket's assignee when the stage allows it, or a manager. Roles rank
/// agent &lt; account manager &lt; manager &lt; admin: an account manager does what an agent does.
/// </summary>
internal static class StageOwnership
{
    private static readonly string[] Ranks = [Roles.Agent, Roles.AccountManager, Roles.Manager, Roles.Admin];

    private static int Rank(string? role) => role is null ? -1 : Array.IndexOf(Ranks, role);

    private static int RankOf(ClaimsPrincipal user) => Ranks.Select((role, i) => user.IsInRole(role) ? i : -1).Max();

    /// <summary>Whether the assignee may move the ticket on: as the stage says, else when its role is not above an account manager's.</summary>
    public static bool AssigneeMayMove(WorkflowStage stage) =>
        !stage.IsApproval && (stage.AssigneeMayMove ?? Rank(stage.OwnerRole) <= Rank(Roles.AccountManager));

    /// <summary>Why this person may not move the ticket out of <paramref name="stage"/>; null when they may.</summary>
    public static string? Refusal(WorkflowStage stage, TicketRow ticket, ClaimsPrincipal user)
    {
        var rank = RankOf(user);
        if (rank >= Rank(Roles.Manager)) return null;
        var roleOk = stage.OwnerRole is null || rank >= Rank(stage.OwnerRole);
        var teamOk = stage.OwnerTeam is null || user.FindFirstValue("team") == stage.OwnerTeam;
        if (roleOk && teamOk) return null;
        var assignee = AssigneeMayMove(stage);
        if (assignee && ticket.Assignee is not null && ticket.Assignee == user.Identity?.Name) return null;
        var owner = (stage.OwnerRole, stage.OwnerTeam) switch
        {
            ({ } role, { } team) => $"the {role} role in team {team}",
            ({ } role, null) => $"the {role} role",
            (null, { } team) => $"team {team}",
            _ => "nobody in particular",
        };
        return $"Stage '{stage.Name}' is owned by {owner}; only its owner{(assignee ? ", the ticket's assignee" : "")} or a manager may move the ticket on.";
    }
}

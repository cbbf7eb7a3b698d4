using System.Data.Common;
using Csm.BuildingBlocks.Auth;
using Csm.Modules.Tickets.Events;

namespace Csm.Modules.Tickets.Data;

/// <summary>How a ticket gets its owner: a named person, the next person of a team in turn, or the customer's account manager.</summary>
internal enum AssignmentMode { Person, RoundRobin, AccountManager }

/// <param name="Team">For round robin, the team to rotate through; for a person, overrides the person's own team.</param>
internal sealed record AssignmentRequest(AssignmentMode Mode, string? Assignee, string? Team);

internal sealed record Owner(string? Assignee, string? Team);

internal static class Assignment
{
    /// <summary>The owner the request names, or the field at fault and why not.</summary>
    public static async Task<(Owner? Owner, string? Field, string? Error)> ResolveAsync(
        IStaffDirectory staff, DbConnection c, DbTransaction? tx, AssignmentRequest request, long customerId, string field = "assignment")
    {
        switch (request.Mode)
        {
            case AssignmentMode.Person:
                if (string.IsNullOrWhiteSpace(request.Assignee)) return (null, $"{field}.assignee", "Name the person to assign.");
                if (!await staff.ExistsAsync(c, tx, request.Assignee))
                    return (null, $"{field}.assignee", $"There is no active user '{request.Assignee}'.");
                return (new Owner(request.Assignee, request.Team ?? await staff.TeamOfAsync(c, tx, request.Assignee)), null, null);
            case AssignmentMode.RoundRobin:
                if (string.IsNullOrWhiteSpace(request.Team)) return (null, $"{field}.team", "Name the team to rotate through.");
                var next = await NextInTeamAsync(staff, c, tx, request.Team);
                return next is null
                    ? (null, $"{field}.team", $"Team '{request.Team}' has no active agents.")
                    : (new Owner(next, request.Team), null, null);
            case AssignmentMode.AccountManager:
                var customer = await CustomerReadModel.FindAsync(c, customerId, tx);
                if (customer?.AccountManager is null) return (null, $"{field}.mode", "The customer has no account manager.");
                return (new Owner(customer.AccountManager, await staff.TeamOfAsync(c, tx, customer.AccountManager)), null, null);
            default:
                return (null, $"{field}.mode", "Unknown assignment mode.");
        }
    }

    /// <summary>The team member after the one who got the team's last ticket, in name order; remembers the choice.</summary>
    private static async Task<string?> NextInTeamAsync(IStaffDirectory staff, DbConnection c, DbTransaction? tx, string team)
    {
        var workers = await staff.WorkersAsync(c, tx, team);
        if (workers.Count == 0) return null;
        var last = await c.ExecuteScalarAsync<string?>("SELECT last_assignee FROM tkt_round_robin WHERE team = @Team", new { Team = team }, tx);
        var next = workers.FirstOrDefault(w => string.CompareOrdinal(w, last) > 0) ?? workers[0];
        var args = new { Team = team, Next = next };
        if (await c.ExecuteAsync("UPDATE tkt_round_robin SET last_assignee = @Next WHERE team = @Team", args, tx) == 0)
            await c.ExecuteAsync("INSERT INTO tkt_round_robin (team, last_assignee) VALUES (@Team, @Next)", args, tx);
        return next;
    }
}

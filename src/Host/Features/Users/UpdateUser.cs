using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.Host.Auth;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Users;

internal sealed class UpdateUser(DbSession session, UserAccounts accounts, AuditTrail audit) : Endpoint<UpdateUser.Request, Results<Ok<UserView>, ProblemHttpResult>>
{
    public sealed record Request(string DisplayName, string[] Roles, string? Email, string? Team, bool IsActive, long Version, string? NewPassword);

    internal sealed class Validator : Validator<Request>
    {
        public Validator(IConfiguration configuration)
        {
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Roles).NotEmpty();
            RuleForEach(r => r.Roles).Must(r => BuildingBlocks.Auth.Roles.All.Contains(r))
                .WithMessage($"Role must be one of: {string.Join(", ", BuildingBlocks.Auth.Roles.All)}.");
            RuleFor(r => r.Email).EmailAddress().When(r => r.Email is not null);
            RuleFor(r => r.NewPassword).StrongPassword(PasswordPolicy.MinLength(configuration)).When(r => r.NewPassword is not null);
            RuleFor(r => r.Version).GreaterThan(0);
        }
    }

    public override void Configure()
    {
        Put("users/{id:long}");
        Policies(Access.Admin);
        Description(d => d
            .WithName("Users_Update")
            .WithSummary("Changes a staff account's roles, team, status or password")
            .WithTags("Users"));
    }

    public override async Task<Results<Ok<UserView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var id = Route<long>("id");
        var tx = await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        var before = await FindAsync(connection, tx, id);
        var changed = await connection.ExecuteAsync(
            """
            UPDATE sys_users SET display_name = @DisplayName, roles = @Roles, email = @Email, team = @Team, is_active = @IsActive,
              password_hash = COALESCE(@Hash, password_hash), version = version + 1,
              -- What a session was granted changes: every open session and token of this person stops working.
              security_stamp = CASE WHEN roles <> @Roles OR is_active <> @IsActive OR COALESCE(team, '') <> COALESCE(@Team, '') OR @Hash IS NOT NULL
                THEN security_stamp + 1 ELSE security_stamp END
            WHERE id = @Id AND version = @Version
            """,
            new
            {
                Id = id, request.DisplayName, Roles = string.Join(',', request.Roles.Distinct()), request.Email, request.Team,
                request.IsActive, request.Version, Hash = request.NewPassword is null ? null : accounts.HashPassword(request.NewPassword),
            }, tx);
        var current = await FindAsync(connection, tx, id);
        if (current is null) return Problems.NotFound("User", id);
        if (changed == 0) return Problems.StaleVersion(request.Version, current.Version);
        var after = UserView.From(current);
        await audit.RecordAsync("host", "user.updated", "user", id, UserView.From(before!), after, ct);
        if (request.NewPassword is not null) await audit.RecordAsync("host", "user.passwordSet", "user", id, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.Ok(after);
    }

    private static Task<UserRow?> FindAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction tx, long id) =>
        connection.QuerySingleOrDefaultAsync<UserRow>($"SELECT {Csm.Host.Auth.UserAccounts.Columns} FROM sys_users WHERE id = @Id", new { Id = id }, tx);
}

using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Http;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

using Csm.Host.Auth;

namespace Csm.Host.Features.Users;

internal sealed class CreateUser(DbSession session, UserAccounts accounts, AuditTrail audit, TimeProvider clock)
    : Endpoint<CreateUser.Request, Results<Created<UserView>, ProblemHttpResult>>
{
    public sealed record Request(string UserName, string DisplayName, string Password, string[] Roles, string? Email, string? Team);

    internal sealed class Validator : Validator<Request>
    {
        public Validator(IConfiguration configuration)
        {
            RuleFor(r => r.UserName).NotEmpty().MaximumLength(100).Matches("^[A-Za-z0-9._@-]+$")
                .WithMessage("Use letters, digits and . _ @ - only.");
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(200);
            RuleFor(r => r.Password).StrongPassword(PasswordPolicy.MinLength(configuration), r => r.UserName);
            RuleFor(r => r.Roles).NotEmpty();
            RuleForEach(r => r.Roles).Must(r => BuildingBlocks.Auth.Roles.All.Contains(r))
                .WithMessage($"Role must be one of: {string.Join(", ", BuildingBlocks.Auth.Roles.All)}.");
            RuleFor(r => r.Email).EmailAddress().MaximumLength(320).When(r => r.Email is not null);
            RuleFor(r => r.Team).MaximumLength(100);
        }
    }

    public override void Configure()
    {
        Post("users");
        Policies(Access.Admin);
        Description(d => d
            .WithName("Users_Create")
            .WithSummary("Creates a staff account")
            .WithTags("Users")
            .WithIdempotency()
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override Task<Results<Created<UserView>, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct) =>
        Handle(request, session, accounts, audit, clock, ct);

    /// <summary>Also what the demo seeder runs, without HTTP.</summary>
    internal static async Task<Results<Created<UserView>, ProblemHttpResult>> Handle(
        Request request, DbSession session, UserAccounts accounts, AuditTrail audit, TimeProvider clock, CancellationToken ct)
    {
        var ownTransaction = session.Transaction is null;
        var tx = session.Transaction ?? await session.BeginAsync(ct);
        var connection = await session.ConnectionAsync(ct);
        try
        {
            var id = await connection.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("sys_users",
                    "user_name, display_name, email, roles, team, password_hash, is_active, version, created_at",
                    "@UserName, @DisplayName, @Email, @Roles, @Team, @Hash, 1, 1, @Now"),
                new
                {
                    request.UserName, request.DisplayName, request.Email, Roles = string.Join(',', request.Roles.Distinct()),
                    request.Team, Hash = accounts.HashPassword(request.Password), Now = clock.GetUtcNow(),
                }, tx);
            var view = new UserView(id, request.UserName, request.DisplayName, request.Email, request.Roles.Distinct().ToArray(), request.Team, true, 1);
            await audit.RecordAsync("host", "user.created", "user", id, after: view, ct: ct);
            if (ownTransaction) await session.CommitAsync(ct);
            return TypedResults.Created($"/api/users/{id}", view);
        }
        catch (Exception e) when (session.Dialect.IsUniqueViolation(e))
        {
            return Problems.Conflict($"A user named '{request.UserName}' already exists.");
        }
    }
}

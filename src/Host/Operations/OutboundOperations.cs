using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Outbound;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Operations;

/// <summary>The messages Csm sends, for a manager who wants to know what left, what did not, and why.</summary>
internal sealed class OutboundOperations(DbSession session)
    : Endpoint<OutboundOperations.QueryString, Ok<OutboundOperations.Response>>
{
    /// <param name="Status">One status; without it, the messages that need attention (queued, sending, failed, parked).</param>
    public sealed record QueryString(string? Status = null, string? Module = null, int? Page = null, int? PageSize = null);

    internal sealed class Validator : Validator<QueryString>
    {
        public Validator()
        {
            RuleFor(q => q.Status).Must(s => OutboundStatus.All.Contains(s)).When(q => q.Status is not null)
                .WithMessage($"Use one of: {string.Join(", ", OutboundStatus.All)}.");
            RuleFor(q => q.Module).MaximumLength(50);
            RuleFor(q => q.Page).GreaterThan(0).When(q => q.Page is not null);
            RuleFor(q => q.PageSize).InclusiveBetween(1, PageRequest.MaxSize).When(q => q.PageSize is not null);
        }
    }

    public sealed record Message
    {
        public long Id { get; init; }
        public string Module { get; init; } = "";
        public string BusinessKey { get; init; } = "";
        public string Kind { get; init; } = "";
        public string Channel { get; init; } = "";
        public string? Recipient { get; init; }
        public string? Subject { get; init; }
        public string Status { get; init; } = "";
        public long Attempts { get; init; }
        public DateTimeOffset DueAt { get; init; }
        public string? ServerReply { get; init; }
        public string? LastError { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public DateTimeOffset? SettledAt { get; init; }
    }

    /// <param name="Counts">How many messages are in each status, over all modules.</param>
    public new sealed record Response(IReadOnlyList<Message> Items, long Total, int Page, int PageSize, IReadOnlyDictionary<string, long> Counts);

    public override void Configure()
    {
        Get("operations/outbound");
        Policies(Access.Manager);
        Description(d => d
            .WithName("Operations_Outbound")
            .WithSummary("Messages Csm sends (e-mail, SMS, webhooks): by default those queued, being sent, failed or parked, with their errors")
            .WithTags("Operations"));
    }

    public override async Task<Ok<Response>> ExecuteAsync(QueryString query, CancellationToken ct)
    {
        var page = PageRequest.From(query.Page, query.PageSize);
        var where = (query.Status is null ? "status IN ('queued', 'sending', 'failed', 'parked')" : "status = @Status")
                    + (query.Module is null ? "" : " AND module = @Module");
        var args = new { query.Status, query.Module, page.Offset, Limit = page.PageSize };
        var c = await session.ConnectionAsync(ct);
        var total = await c.ExecuteScalarAsync<long>($"SELECT COUNT(*) FROM out_messages WHERE {where}", args);
        var items = (await c.QueryAsync<Message>(
            $"""
            SELECT id, module, business_key AS BusinessKey, kind, channel, recipient, subject, status, attempts, due_at AS DueAt,
              server_reply AS ServerReply, last_error AS LastError, created_at AS CreatedAt, settled_at AS SettledAt
            FROM out_messages WHERE {where} ORDER BY id DESC {session.Dialect.Page}
            """, args)).ToList();
        var counts = (await c.QueryAsync<(string Status, long Count)>("SELECT status, COUNT(*) FROM out_messages GROUP BY status"))
            .ToDictionary(r => r.Status, r => r.Count);
        return TypedResults.Ok(new Response(items, total, page.Page, page.PageSize,
            OutboundStatus.All.ToDictionary(s => s, s => counts.GetValueOrDefault(s))));
    }
}

/// <summary>Sends a failed, parked or cancelled message again from its first try.</summary>
internal sealed class RetryOutboundMessage(DbSession session, OutboundQueue outbound, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("operations/outbound/{id:long}/retry");
        Policies(Access.Manager);
        Description(d => d
            .WithName("Operations_OutboundRetry")
            .WithSummary("Sends a failed, parked or cancelled message again")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Operations"));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        await session.BeginAsync(ct);
        if (!await outbound.RetryAsync(id, ct)) return Problems.NotFound("Failed, parked or cancelled message with a recipient", id);
        await audit.RecordAsync("host", "outboundMessage.retried", "outboundMessage", id, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

/// <summary>Stops a message that has not been sent.</summary>
internal sealed class CancelOutboundMessage(DbSession session, OutboundQueue outbound, AuditTrail audit) : EndpointWithoutRequest<Results<NoContent, ProblemHttpResult>>
{
    public override void Configure()
    {
        Post("operations/outbound/{id:long}/cancel");
        Policies(Access.Manager);
        Description(d => d
            .WithName("Operations_OutboundCancel")
            .WithSummary("Cancels a message that is queued, failed or parked")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithTags("Operations"));
    }

    public override async Task<Results<NoContent, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var id = Route<long>("id");
        await session.BeginAsync(ct);
        if (!await outbound.CancelOneAsync(id, $"cancelled by {User.Identity?.Name ?? "an operator"}", ct))
            return Problems.NotFound("Queued, failed or parked message", id);
        await audit.RecordAsync("host", "outboundMessage.cancelled", "outboundMessage", id, ct: ct);
        await session.CommitAsync(ct);
        return TypedResults.NoContent();
    }
}

using System.Text.Json;
using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Features;

/// <summary>
/// Answers <see cref="FindOrAddRequester"/>: the customer whose primary e-mail (compared in lower case) or phone (without
/// spaces, dashes, dots and brackets) it is, the oldest first; else a new person of tier prospect with that contact, tagged
/// <see cref="Requester.NeedsReview"/>, created in its own transaction with its event and an audit entry (who: the
/// anonymous caller and their address).
/// </summary>
internal sealed class Requesters(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : IRequestHandler<FindOrAddRequester, Requester>
{
    public async Task<Requester> Handle(FindOrAddRequester request, CancellationToken ct)
    {
        var email = string.IsNullOrWhiteSpace(request.Email) ? null : request.Email.Trim().ToLowerInvariant();
        var phone = Phone(request.Phone);
        var c = await session.ConnectionAsync(ct);
        const string find = """
            SELECT id FROM cus_customers
            WHERE deleted_at IS NULL AND erased_at IS NULL
              AND (lower(email) = @Email OR replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''), ')', ''), '.', '') = @Phone)
            ORDER BY id
            """;
        if (await FirstAsync(c, null) is { } known) return new Requester(known, false);

        var tx = await session.BeginAsync(ct);
        // Another request may have added the same person since the look above: look again inside the write.
        if (await FirstAsync(c, tx) is { } raced)
        {
            await session.RollbackAsync(ct);
            return new Requester(raced, false);
        }
        var state = new CustomerState(request.Name.Trim(), "person", "prospect", null, request.Language,
            [new Contact(request.Name.Trim(), null, phone, email, null, IsPrimary: true)], [Requester.NeedsReview], [],
            new Dictionary<string, JsonElement>());
        var id = await CustomerStore.InsertAsync(c, tx, session.Dialect, state, clock.GetUtcNow());
        await outbox.AddAsync(state.ToEvent(id, 1, created: true), ct);
        await audit.RecordAsync("customers", "customer.created", "customer", id,
            after: new { (await CustomerStore.FindAsync(c, id, tx))!.Name, tier = state.Tier, channel = request.Channel, tags = state.Tags }, ct: ct);
        await session.CommitAsync(ct);
        return new Requester(id, true);

        async Task<long?> FirstAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction) =>
            email is null && phone is null ? null
                : (await connection.QueryAsync<long>(find, new { Email = email, Phone = phone }, transaction)).Cast<long?>().FirstOrDefault();
    }

    /// <summary>Digits, with the leading + an international number has; null when nothing is left.</summary>
    internal static string? Phone(string? typed)
    {
        if (string.IsNullOrWhiteSpace(typed)) return null;
        var trimmed = typed.Trim();
        var digits = new string(trimmed.Where(char.IsAsciiDigit).ToArray());
        return digits.Length == 0 ? null : (trimmed.StartsWith('+') ? "+" : "") + digits;
    }
}

using System.Data.Common;
using System.Text.Json;
using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Features;

/// <summary>
/// Answers <see cref="FindOrAddRequester"/>: the customer whose e-mail or phone it is (any contact's, compared by their
/// match keys: see <see cref="MatchKeys"/>), the oldest first; else a new person of tier prospect with that contact, tagged
/// <see cref="Requester.NeedsReview"/>, with its event and an audit entry (who: the anonymous caller and their address):
/// in a transaction of its own, or in the caller's when one is open (then with the customer in the answer). Answers
/// <see cref="FindRequester"/> with the same look, reading only.
/// </summary>
internal sealed class Requesters(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : IRequestHandler<FindOrAddRequester, Requester>, IRequestHandler<FindRequester, long?>
{
    public async Task<long?> Handle(FindRequester request, CancellationToken ct) =>
        await FirstAsync(await session.ConnectionAsync(ct), session.Transaction, Keys(request.Email, request.Phone));

    public async Task<Requester> Handle(FindOrAddRequester request, CancellationToken ct)
    {
        var keys = Keys(request.Email, request.Phone);
        var c = await session.ConnectionAsync(ct);
        if (session.Transaction is { } open)
        {
            if (await FirstAsync(c, open, keys) is { } holder)
                return new Requester(holder, false, CustomerQuery.Of((await CustomerStore.FindAsync(c, holder, open))!));
            var (id, state) = await AddAsync(c, open, request, ct);
            return new Requester(id, true, CustomerQuery.Of(id, state));
        }

        if (await FirstAsync(c, null, keys) is { } known) return new Requester(known, false);
        var tx = await session.BeginAsync(ct);
        // Another request may have added the same person since the look above: look again inside the write.
        if (await FirstAsync(c, tx, keys) is { } raced)
        {
            await session.RollbackAsync(ct);
            return new Requester(raced, false);
        }
        var (added, _) = await AddAsync(c, tx, request, ct);
        await session.CommitAsync(ct);
        return new Requester(added, true);
    }

    private async Task<(long Id, CustomerState State)> AddAsync(DbConnection c, DbTransaction tx, FindOrAddRequester request, CancellationToken ct)
    {
        var email = MatchKeys.Email(request.Email);
        var phone = MatchKeys.Phone(request.Phone);
        var state = new CustomerState(request.Name.Trim(), "person", "prospect", null, request.Language,
            [new Contact(request.Name.Trim(), null, phone, email, null, IsPrimary: true)], [Requester.NeedsReview], [],
            new Dictionary<string, JsonElement>());
        var id = await CustomerStore.InsertAsync(c, tx, session.Dialect, state, clock.GetUtcNow());
        await CustomerIdentity.QueueLikelyDuplicatesAsync(c, tx, session.Dialect, [(id, state)], clock.GetUtcNow());
        await outbox.AddAsync(state.ToEvent(id, 1, created: true), ct);
        await audit.RecordAsync("customers", "customer.created", "customer", id,
            after: new { state.Name, tier = state.Tier, channel = request.Channel, tags = state.Tags }, ct: ct);
        return (id, state);
    }

    private static MatchKey[] Keys(string? email, string? phone)
    {
        var (e, p) = (MatchKeys.Email(email), MatchKeys.Phone(phone));
        return [.. e is null ? [] : new[] { new MatchKey(MatchKey.Email, e) }, .. p is null ? [] : new[] { new MatchKey(MatchKey.Phone, p) }];
    }

    private async Task<long?> FirstAsync(DbConnection connection, DbTransaction? transaction, MatchKey[] keys) =>
        keys.Length == 0 ? null
            : (await CustomerIdentity.HoldersAsync(connection, transaction, session.Dialect, keys)).SelectMany(h => h).Cast<long?>().Min();
}

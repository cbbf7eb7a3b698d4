using System.Text.Json;
using Csm.Modules.Customers.Contracts;
using MediatR;

namespace Csm.Modules.Customers.Features;

/// <summary>
/// Answers <see cref="FindOrAddRequester"/>: the customer whose e-mail or phone it is (any contact's, compared by their
/// match keys: see <see cref="MatchKeys"/>), the oldest first; else a new person of tier prospect with that contact, tagged
/// <see cref="Requester.NeedsReview"/>, created in its own transaction with its event and an audit entry (who: the
/// anonymous caller and their address).
/// </summary>
internal sealed class Requesters(DbSession session, Outbox outbox, AuditTrail audit, TimeProvider clock)
    : IRequestHandler<FindOrAddRequester, Requester>
{
    public async Task<Requester> Handle(FindOrAddRequester request, CancellationToken ct)
    {
        var email = MatchKeys.Email(request.Email);
        var phone = MatchKeys.Phone(request.Phone);
        MatchKey[] keys = [.. email is null ? [] : new[] { new MatchKey(MatchKey.Email, email) }, .. phone is null ? [] : new[] { new MatchKey(MatchKey.Phone, phone) }];
        var c = await session.ConnectionAsync(ct);
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
        await CustomerIdentity.QueueLikelyDuplicatesAsync(c, tx, session.Dialect, [(id, state)], clock.GetUtcNow());
        await outbox.AddAsync(state.ToEvent(id, 1, created: true), ct);
        await audit.RecordAsync("customers", "customer.created", "customer", id,
            after: new { state.Name, tier = state.Tier, channel = request.Channel, tags = state.Tags }, ct: ct);
        await session.CommitAsync(ct);
        return new Requester(id, true);

        async Task<long?> FirstAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction) =>
            keys.Length == 0 ? null
                : (await CustomerIdentity.HoldersAsync(connection, transaction, session.Dialect, keys)).SelectMany(h => h).Cast<long?>().Min();
    }
}

using System.Data.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.BuildingBlocks.Data;

public static class OwnSession
{
    /// <summary>
    /// One short transaction through a <see cref="DbSession"/> of its own, for work outside a request or an event
    /// (a sender marking a message sent): on SQLite it takes its turn with the other writers, like every write.
    /// </summary>
    public static async Task<T> WriteAsync<T>(this IServiceScopeFactory scopes, Func<DbSession, DbConnection, DbTransaction, Task<T>> write, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var session = scope.ServiceProvider.GetRequiredService<DbSession>();
        var tx = await session.BeginAsync(ct);
        var result = await write(session, await session.ConnectionAsync(ct), tx);
        await session.CommitAsync(ct);
        return result;
    }
}

using System.Data.Common;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// The request's (or event handler's) connection and its transaction: a unit of work. Scoped.
/// Everything written between <see cref="BeginAsync"/> and <see cref="CommitAsync"/>, outbox rows included, lands together or not at all.
/// </summary>
public sealed class DbSession(Db db, OutboxSignal signal) : IAsyncDisposable
{
    private DbConnection? _connection;

    public ISqlDialect Dialect => db.Dialect;
    public DbTransaction? Transaction { get; private set; }
    internal bool WroteOutbox { get; set; }

    public async Task<DbConnection> ConnectionAsync(CancellationToken ct = default) =>
        _connection ??= await db.OpenAsync(ct);

    public async Task<DbTransaction> BeginAsync(CancellationToken ct = default)
    {
        if (Transaction is not null) throw new InvalidOperationException("A transaction is already open on this session.");
        var connection = await ConnectionAsync(ct);
        Transaction = await connection.BeginTransactionAsync(ct);
        return Transaction;
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (Transaction is null) throw new InvalidOperationException("No transaction is open on this session.");
        await Transaction.CommitAsync(ct);
        await Transaction.DisposeAsync();
        Transaction = null;
        if (WroteOutbox)
        {
            WroteOutbox = false;
            signal.Notify();
        }
    }

    public async Task RollbackAsync(CancellationToken ct = default)
    {
        if (Transaction is null) return;
        await Transaction.RollbackAsync(ct);
        await Transaction.DisposeAsync();
        Transaction = null;
        WroteOutbox = false;
    }

    public async ValueTask DisposeAsync()
    {
        if (Transaction is not null) await Transaction.DisposeAsync();
        if (_connection is not null) await _connection.DisposeAsync();
    }
}

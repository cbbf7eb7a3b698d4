using System.Data.Common;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// The request's (or event handler's) connection and its transaction: a unit of work. Scoped.
/// Everything written between <see cref="BeginAsync"/> and <see cref="CommitAsync"/>, outbox rows included, lands together or not at all.
/// </summary>
public sealed class DbSession(Db db, OutboxSignal signal, OutboundSignal outboundSignal) : IAsyncDisposable, IDisposable
{
    private DbConnection? _connection;
    private bool _holdsWriteTurn;
    private bool _requestWriter;
    private DbSession? _owner;
    private bool _wroteOutbox, _wroteOutbound;

    public ISqlDialect Dialect => db.Dialect;
    public DbTransaction? Transaction { get; private set; }

    private bool Joined => _owner is not null;

    /// <summary>
    /// Outbox rows were written: the commit wakes the dispatcher. A joined session tells its owner, which commits —
    /// else a message a rule queued while the outbox delivered its event waited for the sender's next poll (2 s).
    /// </summary>
    internal bool WroteOutbox
    {
        get => _owner?.WroteOutbox ?? _wroteOutbox;
        set { if (_owner is not null) _owner.WroteOutbox = value; else _wroteOutbox = value; }
    }

    /// <summary>Outbound messages were queued: the commit wakes the sender (the owner's commit, for a joined session).</summary>
    internal bool WroteOutbound
    {
        get => _owner?.WroteOutbound ?? _wroteOutbound;
        set { if (_owner is not null) _owner.WroteOutbound = value; else _wroteOutbound = value; }
    }

    public async Task<DbConnection> ConnectionAsync(CancellationToken ct = default) =>
        _connection ??= await db.OpenAsync(ct);

    /// <summary>
    /// Gives the connection back to the pool while the session has no transaction: a request that has read what it needs
    /// and now waits (for a batching writer) holds no connection meanwhile. With 64 requests each holding one, the
    /// connections outnumbered the pool's idle ones, and every other request opened a new connection and compiled its
    /// statements again. A later <see cref="ConnectionAsync"/> takes one again.
    /// </summary>
    public async ValueTask ReleaseConnectionAsync()
    {
        if (Joined || Transaction is not null || _connection is null) return;
        var connection = _connection;
        _connection = null;
        await connection.DisposeAsync();
    }

    /// <summary>
    /// Works inside another session's open connection and transaction instead of its own: the outbox delivers a batch of
    /// events on SQLite this way, one write turn for all of them. A joined session neither commits nor closes them.
    /// </summary>
    internal void Join(DbSession owner)
    {
        if (_connection is not null) throw new InvalidOperationException("The session already has a connection of its own.");
        _connection = owner._connection ?? throw new InvalidOperationException("The owner has no connection open.");
        Transaction = owner.Transaction ?? throw new InvalidOperationException("The owner has no transaction open.");
        _owner = owner;
    }

    public Task<DbTransaction> BeginAsync(CancellationToken ct = default) => BeginAsync(TimeSpan.Zero, ct);

    /// <summary>
    /// Begins background work (the outbox's deliveries): on SQLite it lets the writers of requests that are writing or
    /// waiting for their turn go first, for <paramref name="yieldFor"/> at most, so a person's answer is not queued behind
    /// a turn of background work; then it takes its turn like anyone else, so background work is never starved.
    /// </summary>
    public Task<DbTransaction> BeginInBackgroundAsync(TimeSpan yieldFor, CancellationToken ct = default) => BeginAsync(yieldFor, ct);

    private async Task<DbTransaction> BeginAsync(TimeSpan yieldFor, CancellationToken ct)
    {
        if (Transaction is not null) throw new InvalidOperationException("A transaction is already open on this session.");
        var connection = await ConnectionAsync(ct);
        await TakeWriteTurnAsync(yieldFor, ct);
        try
        {
            Transaction = await connection.BeginTransactionAsync(ct);
        }
        catch
        {
            ReleaseWriteTurn();
            throw;
        }
        return Transaction;
    }

    /// <summary>On SQLite a transaction takes the write lock when it begins: wait for this process's writers ahead first.</summary>
    private async Task TakeWriteTurnAsync(TimeSpan yieldFor, CancellationToken ct)
    {
        if (db.WriteGate is not { } gate) return;
        var background = yieldFor > TimeSpan.Zero;
        if (background)
        {
            var until = Environment.TickCount64 + (long)yieldFor.TotalMilliseconds;
            while (db.RequestsWriting && Environment.TickCount64 < until) await Task.Delay(1, ct);
        }
        else db.RequestWriterArrives();
        try
        {
            if (!await gate.WaitAsync(Db.BusyTimeout, ct))
                throw new TimeoutException($"The database stayed busy with other writers for {Db.BusyTimeout.TotalSeconds:F0} s.");
        }
        catch
        {
            if (!background) db.RequestWriterLeaves();
            throw;
        }
        _holdsWriteTurn = true;
        _requestWriter = !background;
    }

    private void ReleaseWriteTurn()
    {
        if (!_holdsWriteTurn) return;
        _holdsWriteTurn = false;
        if (_requestWriter) db.RequestWriterLeaves();
        db.WriteGate!.Release();
    }

    public async Task CommitAsync(CancellationToken ct = default)
    {
        if (Transaction is null) throw new InvalidOperationException("No transaction is open on this session.");
        if (Joined) throw new InvalidOperationException("A joined session's transaction is committed by its owner.");
        try
        {
            await Transaction.CommitAsync(ct);
            await Transaction.DisposeAsync();
            Transaction = null;
            db.Checkpoints?.Committed();
        }
        finally
        {
            if (Transaction is null) ReleaseWriteTurn();
        }
        if (WroteOutbox)
        {
            WroteOutbox = false;
            signal.Notify();
        }
        if (WroteOutbound)
        {
            WroteOutbound = false;
            outboundSignal.Notify();
        }
    }

    public async Task RollbackAsync(CancellationToken ct = default)
    {
        if (Transaction is null) return;
        if (Joined) throw new InvalidOperationException("A joined session's transaction is rolled back by its owner.");
        try
        {
            await Transaction.RollbackAsync(ct);
        }
        finally
        {
            await Transaction.DisposeAsync();
            Transaction = null;
            WroteOutbox = false;
            WroteOutbound = false;
            ReleaseWriteTurn();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Joined) return;
        if (Transaction is not null) await Transaction.DisposeAsync();
        ReleaseWriteTurn();
        if (_connection is not null) await _connection.DisposeAsync();
    }

    /// <summary>For a scope disposed synchronously (FastEndpoints builds each endpoint once in one at start-up).</summary>
    public void Dispose()
    {
        if (Joined) return;
        Transaction?.Dispose();
        ReleaseWriteTurn();
        _connection?.Dispose();
    }
}

using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// SQLite connections kept open with their prepared statements. Microsoft.Data.Sqlite compiles a statement again for every
/// new command (it keeps them per command object only), and Dapper makes a new command for every call, so every request
/// paid sqlite3_prepare for each of its statements: measured at 12 % of the host's CPU opening web-form tickets. Here each
/// open connection keeps one command per SQL text it has run, and a connection goes back to this pool (not closed) at
/// the end of its session, so the next session finds its statements compiled. A connection that comes back with a
/// transaction or a reader still open is closed instead, so no session sees another's state.
/// </summary>
internal sealed class SqliteStatements(string connectionString, Func<SqliteConnection, ValueTask> setUp) : IDisposable
{
    /// <summary>Open connections kept idle at most; more at once (a burst) are closed when they come back.</summary>
    private const int MaxIdle = 32;

    /// <summary>Statements kept per connection: past this the connection forgets them all and starts again (ad hoc SQL).</summary>
    private const int MaxStatements = 200;

    private readonly ConcurrentBag<Kept> _idle = [];
    private int _idleCount;
    private volatile bool _disposed;

    public async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        if (_idle.TryTake(out var kept))
        {
            Interlocked.Decrement(ref _idleCount);
            return new Lease(this, kept);
        }
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(ct);
            await setUp(connection);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new Lease(this, new Kept(connection));
    }

    private void Return(Kept kept)
    {
        if (_disposed || !kept.Reusable())
        {
            kept.Dispose();
            return;
        }
        if (Interlocked.Increment(ref _idleCount) > MaxIdle)
        {
            Interlocked.Decrement(ref _idleCount);
            kept.Dispose();
            return;
        }
        _idle.Add(kept);
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var kept)) kept.Dispose();
    }

    /// <summary>One open connection and its compiled statements, by SQL text.</summary>
    private sealed class Kept(SqliteConnection connection) : IDisposable
    {
        public SqliteConnection Connection { get; } = connection;
        private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

        /// <summary>The readers given out since the connection was taken: all must be closed when it comes back.</summary>
        private readonly List<SqliteDataReader> _readers = [];

        public void Keep(SqliteDataReader reader)
        {
            if (_readers.Count >= 64) _readers.RemoveAll(r => r.IsClosed);
            _readers.Add(reader);
        }

        /// <summary>The transaction begun on it, if any: finished when it comes back, or the connection is not reused.</summary>
        public SqliteTransaction? Transaction { get; set; }

        /// <summary>The transaction begun on the connection while it is still open (committed or rolled back: none).</summary>
        public SqliteTransaction? OpenTransaction =>
            Transaction is not null && SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0 ? Transaction : null;

        public SqliteCommand Take(string sql)
        {
            if (_statements.Remove(sql, out var command)) return command;
            return new SqliteCommand(sql, Connection);
        }

        public void Give(SqliteCommand command, SqliteDataReader? reader)
        {
            if (reader is { IsClosed: false }) return; // still read by someone: theirs until the connection closes
            command.Parameters.Clear();
            command.Transaction = null;
            if (_statements.Count >= MaxStatements)
            {
                foreach (var old in _statements.Values) old.Dispose();
                _statements.Clear();
            }
            if (!_statements.TryAdd(command.CommandText, command)) command.Dispose();
        }

        public bool Reusable()
        {
            var clean = _readers.TrueForAll(r => r.IsClosed) && Connection.State == ConnectionState.Open
                && SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) != 0;
            _readers.Clear();
            if (Transaction is not null)
            {
                // Committed or rolled back by its session (a live one would have failed the autocommit check).
                Transaction.Dispose();
                Transaction = null;
            }
            return clean;
        }

        public void Dispose()
        {
            foreach (var command in _statements.Values) command.Dispose();
            _statements.Clear();
            // The driver's own pool takes the connection next: not inside a transaction begun by SQL text (its Close
            // rolls back only the transactions it began).
            if (Connection.State == ConnectionState.Open && SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0)
                SQLitePCL.raw.sqlite3_exec(Connection.Handle, "ROLLBACK");
            Connection.Dispose();
        }
    }

    /// <summary>A session's use of a kept connection: disposing it gives the connection back to the pool.</summary>
    private sealed class Lease(SqliteStatements pool, Kept kept) : DbConnection
    {
        private bool _returned;

        /// <summary>Given back: the connection may be another session's by now.</summary>
        public bool Returned => _returned;

        private Kept Kept => _returned ? throw new ObjectDisposedException(nameof(SqliteConnection)) : kept;

        [AllowNull]
        public override string ConnectionString
        {
            get => kept.Connection.ConnectionString;
            set => throw new NotSupportedException("A pooled connection keeps its connection string.");
        }

        public override string Database => kept.Connection.Database;
        public override string DataSource => kept.Connection.DataSource;
        public override string ServerVersion => kept.Connection.ServerVersion;
        public override ConnectionState State => _returned ? ConnectionState.Closed : kept.Connection.State;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();
        public override void Open() => throw new InvalidOperationException("A pooled connection is open while leased.");
        public override void Close() => GiveBack();

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
        {
            var transaction = Kept.Connection.BeginTransaction(isolationLevel);
            kept.Transaction = transaction;
            return transaction;
        }

        /// <summary>As SqliteConnection.CreateCommand: a new command runs in the connection's open transaction unless told otherwise.</summary>
        protected override DbCommand CreateDbCommand() => new Command(this, Kept) { Transaction = Kept.OpenTransaction };

        private void GiveBack()
        {
            if (_returned) return;
            _returned = true;
            pool.Return(kept);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) GiveBack();
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            GiveBack();
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>
    /// A command on a kept connection: parameters gather on a holder of their own (Dapper may rewrite the SQL while it
    /// adds them, to expand a list); at execution the connection's compiled statement for the final SQL is taken, given
    /// the parameters and the transaction, and returned to the connection when the command is disposed.
    /// </summary>
    /// <summary>Parameter names with their @, made once (Dapper's names come from the parameter objects' members, a few hundred).</summary>
    private static readonly ConcurrentDictionary<string, string> Prefixed = new(StringComparer.Ordinal);

    private const int MaxPrefixed = 10_000;

    private sealed class Command(Lease lease, Kept kept) : DbCommand
    {
        private readonly SqliteCommand _holder = new();
        private SqliteCommand? _taken;
        private SqliteDataReader? _reader;
        private string _sql = "";

        [AllowNull]
        public override string CommandText
        {
            get => _sql;
            set => _sql = value ?? "";
        }

        public override int CommandTimeout { get; set; } = 30;

        public override CommandType CommandType
        {
            get => CommandType.Text;
            set
            {
                if (value != CommandType.Text) throw new ArgumentException("SQLite runs text commands only.");
            }
        }

        public override bool DesignTimeVisible { get; set; }
        public override UpdateRowSource UpdatedRowSource { get; set; }

        protected override DbConnection? DbConnection
        {
            get => lease;
            set
            {
                if (value != lease) throw new InvalidOperationException("A command stays on the connection that created it.");
            }
        }

        protected override DbParameterCollection DbParameterCollection => _holder.Parameters;
        protected override DbTransaction? DbTransaction { get; set; }

        public override void Cancel() { }
        public override void Prepare() => Ready();
        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        /// <summary>The connection's statement for the SQL as it now reads, with this command's parameters and transaction.</summary>
        private SqliteCommand Ready()
        {
            if (_reader is { IsClosed: false }) throw new InvalidOperationException("The command's reader is still open.");
            if (_taken is not null && !string.Equals(_taken.CommandText, _sql, StringComparison.Ordinal)) Release();
            var command = _taken ??= kept.Take(_sql);
            command.Parameters.Clear();
            foreach (SqliteParameter p in _holder.Parameters)
            {
                if (AsWritten(p.ParameterName) is { } written) p.ParameterName = written;
                command.Parameters.Add(p);
            }
            command.Transaction = (SqliteTransaction?)DbTransaction;
            command.CommandTimeout = CommandTimeout;
            return command;
        }

        /// <summary>
        /// Dapper names a parameter without its prefix ("Id"), and Microsoft.Data.Sqlite then looks it up four times at every
        /// execution (as given, then as @Id, $Id and :Id, to refuse an ambiguous name), each time a new string marshalled
        /// to UTF-8: 19 % of the host's CPU delivering an import's events. Named as the SQL writes it (Csm writes @Id), it is
        /// found at the first look. Null when the name has its prefix, or the SQL does not write it with @.
        /// </summary>
        private string? AsWritten(string name)
        {
            if (name.Length == 0 || name[0] is '@' or '$' or ':') return null;
            if (!Prefixed.TryGetValue(name, out var written))
            {
                written = "@" + name;
                if (Prefixed.Count < MaxPrefixed) Prefixed.TryAdd(name, written); // Count takes every lock: only on a new name
            }
            return Writes(_sql, written) ? written : null;
        }

        /// <summary>Whether the SQL has the parameter as a whole name (@Id, not only the start of @Ids).</summary>
        private static bool Writes(string sql, string parameter)
        {
            for (var at = sql.IndexOf(parameter, StringComparison.Ordinal); at >= 0; at = sql.IndexOf(parameter, at + 1, StringComparison.Ordinal))
            {
                var next = at + parameter.Length;
                if (next == sql.Length || !(char.IsLetterOrDigit(sql[next]) || sql[next] == '_')) return true;
            }
            return false;
        }

        private void Release()
        {
            if (_taken is null) return;
            // A command outliving its session leaves its statement alone rather than touch a connection now in other hands.
            if (!lease.Returned) kept.Give(_taken, _reader);
            _taken = null;
            _reader = null;
        }

        public override int ExecuteNonQuery() => Run(c => c.ExecuteNonQuery());
        public override object? ExecuteScalar() => Run(c => c.ExecuteScalar());

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior)
        {
            _reader = Run(c => c.ExecuteReader(behavior));
            kept.Keep(_reader);
            return _reader;
        }

        /// <summary>A statement that failed is not kept: it is finalized, so it holds no lock or snapshot.</summary>
        private T Run<T>(Func<SqliteCommand, T> execute)
        {
            var command = Ready();
            try
            {
                return execute(command);
            }
            catch
            {
                command.Dispose();
                _taken = null;
                throw;
            }
        }

        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ExecuteNonQuery());
        }

        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ExecuteScalar());
        }

        protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(ExecuteDbDataReader(behavior));
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Release();
                _holder.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}

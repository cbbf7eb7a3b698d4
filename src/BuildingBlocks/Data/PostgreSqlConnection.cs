using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Npgsql;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// An Npgsql connection under another name. Dapper passes a list parameter to a connection named NpgsqlConnection as
/// one array, which "IN @Ids" cannot take (PostgreSQL wants "= ANY(@Ids)"); under this name it expands the list into
/// "IN (@Ids1, @Ids2, ...)" as on the other engines, so the modules' SQL reads the same everywhere. Dapper asks the
/// command for its connection, so commands wear the name too; parameters, readers and transactions are Npgsql's own.
/// </summary>
internal sealed partial class PostgreSqlConnection(string connectionString) : DbConnection
{
    [System.Text.RegularExpressions.GeneratedRegex(@"(?<not>\bNOT\s+)?\bIN\s*\(SELECT @\w+ WHERE 1 = 0\)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex EmptyList();

    private readonly NpgsqlConnection _inner = new(connectionString);

    [AllowNull]
    public override string ConnectionString
    {
        get => _inner.ConnectionString;
        set => _inner.ConnectionString = value;
    }

    public override string Database => _inner.Database;
    public override string DataSource => _inner.DataSource;
    public override string ServerVersion => _inner.ServerVersion;
    public override ConnectionState State => _inner.State;

    public override void ChangeDatabase(string databaseName) => _inner.ChangeDatabase(databaseName);
    public override void Open() => _inner.Open();
    public override Task OpenAsync(CancellationToken cancellationToken) => _inner.OpenAsync(cancellationToken);
    public override void Close() => _inner.Close();
    public override Task CloseAsync() => _inner.CloseAsync();

    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => _inner.BeginTransaction(isolationLevel);

    protected override async ValueTask<DbTransaction> BeginDbTransactionAsync(IsolationLevel isolationLevel, CancellationToken cancellationToken) =>
        await _inner.BeginTransactionAsync(isolationLevel, cancellationToken);

    protected override DbCommand CreateDbCommand() => new Command(this, _inner.CreateCommand());

    protected override void Dispose(bool disposing)
    {
        if (disposing) _inner.Dispose();
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();

    private sealed class Command(PostgreSqlConnection connection, NpgsqlCommand inner) : DbCommand
    {
        // Dapper spells an empty list "IN (SELECT @Ids WHERE 1 = 0)", whose untyped parameter PostgreSQL reads as text
        // ("bigint = text"); "= ANY('{}')" takes the column's type and matches nothing, as the empty list means.
        [AllowNull]
        public override string CommandText
        {
            get => inner.CommandText;
            set => inner.CommandText = value is null || !value.Contains(" WHERE 1 = 0)", StringComparison.Ordinal) ? value
                : EmptyList().Replace(value, m => m.Groups["not"].Success ? "<> ALL('{}')" : "= ANY('{}')");
        }

        public override int CommandTimeout
        {
            get => inner.CommandTimeout;
            set => inner.CommandTimeout = value;
        }

        public override CommandType CommandType
        {
            get => inner.CommandType;
            set => inner.CommandType = value;
        }

        public override bool DesignTimeVisible
        {
            get => inner.DesignTimeVisible;
            set => inner.DesignTimeVisible = value;
        }

        public override UpdateRowSource UpdatedRowSource
        {
            get => inner.UpdatedRowSource;
            set => inner.UpdatedRowSource = value;
        }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set
            {
                if (value is not PostgreSqlConnection other || other != connection)
                    throw new InvalidOperationException("A command stays on the connection that created it.");
            }
        }

        protected override DbParameterCollection DbParameterCollection => inner.Parameters;

        protected override DbTransaction? DbTransaction
        {
            get => inner.Transaction;
            set => inner.Transaction = (NpgsqlTransaction?)value;
        }

        public override void Cancel() => inner.Cancel();
        public override void Prepare() => inner.Prepare();
        protected override DbParameter CreateDbParameter() => inner.CreateParameter();
        public override int ExecuteNonQuery() => inner.ExecuteNonQuery();
        public override object? ExecuteScalar() => inner.ExecuteScalar();
        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => inner.ExecuteReader(behavior);
        public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) => inner.ExecuteNonQueryAsync(cancellationToken);
        public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) => inner.ExecuteScalarAsync(cancellationToken);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            await inner.ExecuteReaderAsync(behavior, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

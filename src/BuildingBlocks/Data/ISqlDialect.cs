namespace Csm.BuildingBlocks.Data;

/// <summary>Every SQL difference between the two engines lives behind this type.</summary>
public interface ISqlDialect
{
    DatabaseProvider Provider { get; }

    /// <summary>Paging after an ORDER BY, using parameters @Offset and @Limit.</summary>
    string Page { get; }

    /// <summary>An INSERT that returns the new row's 64-bit id.</summary>
    string InsertReturningId(string table, string columns, string values);

    /// <summary>
    /// "INSERT INTO table (columns) select" answering <paramref name="returned"/> (columns of the new rows, comma-separated)
    /// for every row it inserted: RETURNING on PostgreSQL and SQLite, OUTPUT INSERTED on SQL Server.
    /// </summary>
    string InsertReturning(string table, string columns, string select, string returned) =>
        $"INSERT INTO {table} ({columns}) {select} RETURNING {returned}";

    /// <summary>The id the previous INSERT of this command created, for a batch that inserts a row and its children.</summary>
    string LastInsertedId { get; }

    /// <summary>An INSERT that does nothing when a row with the same key exists.</summary>
    string InsertIfAbsent(string table, string columns, string values, string keyColumns);

    /// <summary>Keeps at most <paramref name="limit"/> rows of a SELECT that is already ordered: "SELECT {Top(n)} ... {Limit(n)}".</summary>
    string Top(int limit);
    string Limit(int limit);

    /// <summary>Text of a JSON value at <paramref name="path"/> (e.g. '$.name').</summary>
    string JsonText(string column, string path);

    /// <summary>
    /// A JSON value at <paramref name="path"/> read as <paramref name="type"/>, for a column of that type: the text itself
    /// where the engine converts on assignment (SQLite, SQL Server), a cast where it does not (PostgreSQL).
    /// </summary>
    string JsonValue(string column, string path, SqlType type) => JsonText(column, path);

    /// <summary>
    /// The elements of a JSON array parameter as rows of a table, each element's JSON in the column <c>value</c>:
    /// "FROM {JsonRows("@Rows")} j", then <see cref="JsonText"/>("j.value", ...). Many rows travel as one parameter.
    /// </summary>
    string JsonRows(string parameter);

    /// <summary>
    /// SQL answering @Count new ids of <paramref name="table"/>'s identity column <c>id</c>, one per row the caller then
    /// inserts itself with <see cref="InsertWithIds"/>, so a batch of parents and their children lands in a few set-wise
    /// statements instead of a round per row. On SQLite the caller must hold the write lock (its transaction has written);
    /// PostgreSQL draws them from the column's sequence; SQL Server locks the table until the transaction ends.
    /// </summary>
    string ReserveIds(string table);

    /// <summary>"INSERT INTO table (columns) select" where the columns include the identity column (ids from <see cref="ReserveIds"/>).</summary>
    string InsertWithIds(string table, string columns, string select) => $"INSERT INTO {table} ({columns}) {select}";

    /// <summary>The JSON document in <paramref name="column"/> without the member at <paramref name="path"/>.</summary>
    string JsonRemove(string column, string path);

    /// <summary>Case-insensitive substring match against a parameter that <see cref="Contains"/> prepared.</summary>
    string Like(string column, string parameter);

    bool IsUniqueViolation(Exception exception);

    /// <summary>The engine chose this transaction as a deadlock's victim (never on SQLite, whose writers take turns): run it again.</summary>
    bool IsDeadlock(Exception exception);

    /// <summary>
    /// Adds one to <paramref name="counter"/> of the row with the given key, creating it at 1, and returns the new value:
    /// one statement, safe when several hosts count at once.
    /// </summary>
    string Increment(string table, string keyColumns, string keyValues, string counter) =>
        $"INSERT INTO {table} ({keyColumns}, {counter}) VALUES ({keyValues}, 1) ON CONFLICT ({keyColumns}) DO UPDATE SET {counter} = {table}.{counter} + 1 RETURNING {counter}";

    /// <summary>
    /// Claims up to <paramref name="limit"/> rows of a queue for this caller with one statement: the first rows by
    /// <paramref name="orderBy"/> that match <paramref name="where"/> get <paramref name="set"/>. Rows another host is
    /// claiming at that moment are passed over, not waited for, so competing hosts each take a batch of their own.
    /// </summary>
    string ClaimFirst(string table, string set, string where, string orderBy, int limit) =>
        $"UPDATE {table} SET {set} WHERE id IN (SELECT {Top(limit)} id FROM {Claimable(table)} WHERE {where} ORDER BY {orderBy} {Limit(limit)}) AND {where}";

    /// <summary>
    /// A table read to claim rows of a queue: "FROM {Claimable(t)} WHERE ... ORDER BY ... {Limit(n)} {SkipLocked}". Rows
    /// another host is claiming at that moment are passed over instead of waited for, so competing hosts each take a
    /// different batch (SQL Server's READPAST hint, PostgreSQL's FOR UPDATE SKIP LOCKED; SQLite has one writer).
    /// </summary>
    string Claimable(string table) => table;

    /// <inheritdoc cref="Claimable"/>
    string SkipLocked => "";
}

/// <summary>The column types a JSON value is read as (LongText: text that may be longer than 4,000 characters, which SQL Server's JSON_VALUE cannot return).</summary>
public enum SqlType { BigInt, Float, Time, Date, Text, LongText, Uuid }

public static class SqlDialectExtensions
{
    /// <summary>A LIKE pattern for a substring, with the wildcards of the text escaped.</summary>
    public static string Contains(this ISqlDialect dialect, string text) => "%" + dialect.Escape(text) + "%";

    /// <summary>The text with LIKE's wildcards escaped (for <c>ESCAPE '\'</c>), to build a pattern around it.</summary>
    public static string Escape(this ISqlDialect _, string text) =>
        text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace("[", "\\[");
}

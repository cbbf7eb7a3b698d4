using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Csm.BuildingBlocks.Data;

/// <summary>
/// SQLite has no date or GUID types: times go in as UTC ISO-8601 text (which sorts and compares as time),
/// dates as yyyy-MM-dd. SQL Server and PostgreSQL get their native types. A flag is 0/1 on SQLite and PostgreSQL
/// (SMALLINT there, so "is_open = 1" reads the same on every engine) and BIT on SQL Server. A null keeps its type
/// too: PostgreSQL cannot tell what "@From IS NULL" compares when the parameter arrives untyped.
/// </summary>
internal static class DapperSetup
{
    private static int _configured;

    public static void Configure()
    {
        if (Interlocked.Exchange(ref _configured, 1) == 1) return;
        Register(new FlagHandler());
        Register(new DateTimeOffsetHandler());
        Register(new GuidHandler());
        Register(new DateOnlyHandler());
        Register(new NumberHandler<decimal>(DbType.Decimal, v => Convert.ToDecimal(v, CultureInfo.InvariantCulture)));
        Register(new NumberHandler<double>(DbType.Double, v => Convert.ToDouble(v, CultureInfo.InvariantCulture)));
    }

    private static void Register<T>(Handler<T> handler) where T : struct
    {
        SqlMapper.RemoveTypeMap(typeof(T));
        SqlMapper.RemoveTypeMap(typeof(T?));
        SqlMapper.AddTypeHandler(typeof(T), handler);
    }

    public static string Text(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private enum Engine { Sqlite, PostgreSql, SqlServer }

    /// <summary>Dapper's ITypeHandler itself rather than its TypeHandler&lt;T&gt;, which leaves a null parameter untyped.</summary>
    private abstract class Handler<T> : SqlMapper.ITypeHandler where T : struct
    {
        public void SetValue(IDbDataParameter parameter, object? value)
        {
            var engine = parameter switch
            {
                SqliteParameter => Engine.Sqlite,
                NpgsqlParameter => Engine.PostgreSql,
                _ => Engine.SqlServer,
            };
            parameter.DbType = TypeOn(engine);
            parameter.Value = value is null or DBNull ? DBNull.Value : ValueOn(engine, (T)value);
        }

        public object Parse(Type destinationType, object value) => Parse(value);

        protected abstract DbType TypeOn(Engine engine);
        protected abstract object ValueOn(Engine engine, T value);
        protected abstract T Parse(object value);
    }

    private sealed class FlagHandler : Handler<bool>
    {
        protected override DbType TypeOn(Engine engine) => engine switch
        {
            Engine.Sqlite => DbType.Int64,
            Engine.PostgreSql => DbType.Int16,
            _ => DbType.Boolean,
        };

        protected override object ValueOn(Engine engine, bool value) => engine switch
        {
            Engine.Sqlite => value ? 1L : 0L,
            Engine.PostgreSql => value ? (short)1 : (short)0,
            _ => value,
        };

        protected override bool Parse(object value) => value switch
        {
            bool b => b,
            string s => s is "1" or "true" or "True",
            _ => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
        };
    }

    private sealed class DateTimeOffsetHandler : Handler<DateTimeOffset>
    {
        protected override DbType TypeOn(Engine engine) => engine == Engine.Sqlite ? DbType.String : DbType.DateTimeOffset;

        protected override object ValueOn(Engine engine, DateTimeOffset value) =>
            engine == Engine.Sqlite ? Text(value) : value.ToUniversalTime();

        protected override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d.ToUniversalTime(),
            DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
            string s => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime(),
            _ => throw new DataException($"Cannot read a time from {value.GetType().Name}."),
        };
    }

    private sealed class GuidHandler : Handler<Guid>
    {
        protected override DbType TypeOn(Engine engine) => engine == Engine.Sqlite ? DbType.String : DbType.Guid;

        protected override object ValueOn(Engine engine, Guid value) => engine == Engine.Sqlite ? value.ToString("D") : value;

        protected override Guid Parse(object value) => value is Guid g ? g : Guid.Parse((string)value);
    }

    /// <summary>
    /// A number read whatever each row stored: a SQLite column keeps each value in its own storage class (a NUMERIC amount
    /// of 100 is an integer, 99.5 a real), and Dapper builds its reader from the first row's type, so a later row of the
    /// other kind would fail to cast.
    /// </summary>
    private sealed class NumberHandler<T>(DbType type, Func<object, T> convert) : Handler<T> where T : struct
    {
        protected override DbType TypeOn(Engine engine) => type;

        protected override object ValueOn(Engine engine, T value) => value;

        protected override T Parse(object value) => value is T t ? t : convert(value);
    }

    private sealed class DateOnlyHandler : Handler<DateOnly>
    {
        protected override DbType TypeOn(Engine engine) => engine == Engine.Sqlite ? DbType.String : DbType.Date;

        protected override object ValueOn(Engine engine, DateOnly value) => engine switch
        {
            Engine.Sqlite => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Engine.PostgreSql => value,
            _ => value.ToDateTime(TimeOnly.MinValue),
        };

        protected override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime d => DateOnly.FromDateTime(d),
            string s => DateOnly.Parse(s.Length > 10 ? s[..10] : s, CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read a date from {value.GetType().Name}."),
        };
    }
}

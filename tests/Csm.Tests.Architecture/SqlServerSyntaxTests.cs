using System.Reflection;
using System.Text.RegularExpressions;
using Csm.BuildingBlocks.Data;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace Csm.Tests.Architecture;

/// <summary>
/// No SQL Server runs on these machines, so the SQL Server side of Csm is checked by SQL Server's own parser
/// (ScriptDom, the grammar of SQL Server 2022, the oldest version Csm supports): every migration script and every
/// statement the SQL Server dialect builds must parse, or the test names the file or statement and the error.
/// </summary>
public sealed partial class SqlServerSyntaxTests
{
    private static readonly ISqlDialect Dialect = (ISqlDialect)Activator.CreateInstance(
        typeof(Db).Assembly.GetType("Csm.BuildingBlocks.Data.SqlServerDialect", throwOnError: true)!, nonPublic: true)!;

    /// <summary>The parser's errors for <paramref name="sql"/>, each with its line and the text near it; empty when it parses.</summary>
    internal static List<string> Errors(string sql)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        parser.Parse(new StringReader(sql), out var errors);
        var lines = sql.Split('\n');
        return errors.Select(e => $"line {e.Line}: {e.Message} near «{(e.Line - 1 < lines.Length ? lines[e.Line - 1].Trim() : "")}»").ToList();
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Csm.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Csm.sln not found above the test binaries.");
    }

    public static IEnumerable<TestCaseData> Migrations()
    {
        var src = Path.Combine(RepoRoot(), "src");
        return Directory.EnumerateFiles(src, "*.sql", SearchOption.AllDirectories)
            .Where(f => f.Split(Path.DirectorySeparatorChar).Contains("SqlServer") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Order()
            .Select(f => new TestCaseData(Path.GetRelativePath(src, f)).SetName($"SQL Server migration parses: {Path.GetRelativePath(src, f)}"));
    }

    [TestCaseSource(nameof(Migrations))]
    public void Every_SQL_Server_migration_parses(string file)
    {
        var sql = File.ReadAllText(Path.Combine(RepoRoot(), "src", file));
        // The runner sends each GO-separated batch on its own, as SQL Server tools do.
        var problems = GoLine().Split(sql).Where(b => !string.IsNullOrWhiteSpace(b)).SelectMany(Errors).ToList();
        Assert.That(problems, Is.Empty, $"{file}:\n{string.Join("\n", problems)}");
    }

    [Test]
    public void There_is_a_SQL_Server_and_a_PostgreSQL_migration_for_every_SQLite_one()
    {
        var src = Path.Combine(RepoRoot(), "src");
        string[] Of(string engine) => Directory.EnumerateDirectories(src, engine, SearchOption.AllDirectories)
            .Where(d => Path.GetFileName(Path.GetDirectoryName(d)) == "Migrations")
            .SelectMany(d => Directory.EnumerateFiles(d, "*.sql").Select(f => Path.GetRelativePath(src, f).Replace(engine, "<engine>")))
            .Order().ToArray();
        Assert.That(Of("SqlServer"), Is.EqualTo(Of("Sqlite")));
        Assert.That(Of("PostgreSql"), Is.EqualTo(Of("Sqlite")));
    }

    /// <summary>Every statement shape the dialect builds, around the fragments it gives, as the modules use them.</summary>
    private static IEnumerable<(string What, string Sql)> DialectStatements() =>
    [
        ("Page", $"SELECT id FROM cus_customers ORDER BY id {Dialect.Page}"),
        ("InsertReturningId", Dialect.InsertReturningId("rul_runs", "rule_id, trigger_kind, started_at", "@RuleId, @Kind, @Now")),
        ("LastInsertedId", $"INSERT INTO tkt_tickets (subject) VALUES (@Subject); SELECT CAST({Dialect.LastInsertedId} AS BIGINT)"),
        ("InsertIfAbsent", Dialect.InsertIfAbsent("rul_ticket_days", "customer_id, day, tickets", "@CustomerId, @Day, 0", "customer_id, day")),
        ("Top/Limit", $"SELECT {Dialect.Top(10)} id FROM cus_customers ORDER BY id {Dialect.Limit(10)}"),
        ("JsonText over JsonRows", $"SELECT {Dialect.JsonText("j.value", "$.name")} FROM {Dialect.JsonRows("@Rows")} j"),
        ("JsonRemove", $"UPDATE cus_customers SET attributes = {Dialect.JsonRemove("attributes", "$.vip")} WHERE id = @Id"),
        ("Like", $"SELECT id FROM cus_customers WHERE {Dialect.Like("name", "@Name")}"),
        ("JsonValue", $"UPDATE tkt_tickets SET next_due_at = {Dialect.JsonValue("j.value", "$.nd", SqlType.Time)} FROM {Dialect.JsonRows("@Rows")} j WHERE tkt_tickets.id = {Dialect.JsonValue("j.value", "$.id", SqlType.BigInt)}"),
        ("ClaimFirst", Dialect.ClaimFirst("out_messages", "status = 'sending', locked_by = @Token", "status = 'queued' AND due_at <= @Now", "due_at, id", 10)),
        ("Claimable/SkipLocked", $"SELECT {Dialect.Top(10)} id FROM {Dialect.Claimable("outbox_messages")} WHERE processed_at IS NULL ORDER BY id {Dialect.Limit(10)} {Dialect.SkipLocked}"),
        ("ReserveIds", Dialect.ReserveIds("cus_customers")),
        ("InsertWithIds", Dialect.InsertWithIds("cus_customers", "id, name, contacts",
            $"SELECT {Dialect.JsonValue("j.value", "$.id", SqlType.BigInt)}, {Dialect.JsonText("j.value", "$.name")}, {Dialect.JsonValue("j.value", "$.contacts", SqlType.LongText)} FROM {Dialect.JsonRows("@Rows")} j")),
        ("InsertReturning", Dialect.InsertReturning("srv_responses", "survey_id, comment",
            $"SELECT {Dialect.JsonValue("j.value", "$.survey", SqlType.BigInt)}, {Dialect.JsonValue("j.value", "$.comment", SqlType.LongText)} FROM {Dialect.JsonRows("@Rows")} j",
            "id, invitation_id, resurvey_of")),
        ("Increment", Dialect.Increment("sys_rate_counters", "policy_key, window_start", "@Key, @Start", "n")),
        ("Reports' rollup upsert", RollupUpsertSql()),
    ];

    private static string RollupUpsertSql()
    {
        var reports = Assembly.Load("Csm.Modules.Reports");
        var tableType = reports.GetType("Csm.Modules.Reports.Rollups.RollupTable", throwOnError: true)!;
        var table = Activator.CreateInstance(tableType, "rpt_daily", new[] { ("day", "DATE"), ("customer_id", "BIGINT") })!;
        var sql = reports.GetType("Csm.Modules.Reports.Rollups.RollupUpsert", throwOnError: true)!
            .GetMethod("Sql", BindingFlags.NonPublic | BindingFlags.Static)!;
        return (string)sql.Invoke(null, [Dialect, table])!;
    }

    [Test]
    public void Every_statement_the_SQL_Server_dialect_builds_parses()
    {
        var problems = DialectStatements().SelectMany(s => Errors(s.Sql).Select(e => $"{s.What}: {e}\n  {s.Sql}")).ToList();
        Assert.That(problems, Is.Empty, string.Join("\n", problems));
    }

    [Test]
    public void The_check_names_a_mistake_and_where_it_is()
    {
        // What the migration and dialect tests would say about a slip: SQLite's LIMIT in a SQL Server statement.
        var errors = Errors("SELECT id\nFROM cus_customers ORDER BY id LIMIT 10");
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0], Does.StartWith("line 2:").And.Contains("LIMIT"));
        Assert.That(Errors($"SELECT id FROM cus_customers ORDER BY id {Dialect.Page}"), Is.Empty);
    }

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoLine();
}

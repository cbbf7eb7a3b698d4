using System.Net.Http.Headers;
using Csm.BuildingBlocks.Messaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.SqlClient;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Csm.Testing;

/// <summary>
/// The real host over HTTP (in-memory server) on its own fresh database: a SQLite file per fixture, a fresh PostgreSQL
/// database when CSM_TEST_POSTGRES holds a connection string to a server (build.cake starts a throwaway one), or a fresh
/// SQL Server database when CSM_TEST_SQLSERVER holds one. The outbox and the scheduler do not run
/// by themselves: a test drains the outbox and runs jobs when it wants, so every test is deterministic.
/// </summary>
public sealed class CsmFixture : IAsyncDisposable
{
    public const string AdminPassword = "Admin-Pa55word!";

    private readonly WebApplicationFactory<Program> _factory;
    private readonly string? _sqliteFile;
    private readonly bool _ownsFile;
    private readonly string? _sqlServerDatabase;
    private readonly string? _postgresDatabase;
    private readonly bool _ownsPostgresDatabase;
    private int _users;

    public FakeTimeProvider Clock { get; }
    /// <summary>What a second host starts on to share this one's data: the SQLite file, or the PostgreSQL database's name.</summary>
    public string? DatabaseFile => _sqliteFile ?? _postgresDatabase;
    public HttpClient Admin { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;

    private static readonly string? SqlServer = Environment.GetEnvironmentVariable("CSM_TEST_SQLSERVER");
    private static readonly string? Postgres = Environment.GetEnvironmentVariable("CSM_TEST_POSTGRES");

    /// <summary>Skips a test of one engine's own behaviour (SQLite's write turns) on the others, saying why.</summary>
    public static void OnlyOn(Csm.BuildingBlocks.Data.DatabaseProvider engine, string why)
    {
        if (Engine != engine) NUnit.Framework.Assert.Ignore($"{engine} only: {why}");
    }

    /// <summary>Skips a test of a behaviour one engine cannot show (a server engine's own commits) on that engine, saying why.</summary>
    public static void NotOn(Csm.BuildingBlocks.Data.DatabaseProvider engine, string why)
    {
        if (Engine == engine) NUnit.Framework.Assert.Ignore($"not on {engine}: {why}");
    }

    /// <summary>
    /// An event delivered again after a crash between its handlers' commits and its outcome's, which only a server engine
    /// can see: there each handler commits on its own. On SQLite a write turn commits the handlers' writes and the outcome
    /// together, so a delivered event is never due again. False (nothing done) on SQLite.
    /// </summary>
    public async Task<bool> RedeliverAsync(string? eventType = null)
    {
        if (Engine == Csm.BuildingBlocks.Data.DatabaseProvider.Sqlite) return false;
        await using var c = await Service<Csm.BuildingBlocks.Data.Db>().OpenAsync();
        await Dapper.SqlMapper.ExecuteAsync(c, "UPDATE outbox_messages SET processed_at = NULL WHERE @Type IS NULL OR type = @Type", new { Type = eventType });
        return true;
    }

    /// <summary>The engine this run's fixtures use.</summary>
    public static Csm.BuildingBlocks.Data.DatabaseProvider Engine =>
        !string.IsNullOrEmpty(SqlServer) ? Csm.BuildingBlocks.Data.DatabaseProvider.SqlServer
        : !string.IsNullOrEmpty(Postgres) ? Csm.BuildingBlocks.Data.DatabaseProvider.PostgreSql
        : Csm.BuildingBlocks.Data.DatabaseProvider.Sqlite;

    private CsmFixture(FakeTimeProvider clock, IDictionary<string, string?> settings, Action<IServiceCollection>? services, string? databaseFile, bool ownsFile)
    {
        Clock = clock;
        var sqlServer = SqlServer;
        var config = new Dictionary<string, string?>
        {
            ["Outbox:AutoDispatch"] = "false",
            ["Outbound:AutoSend"] = "false",
            ["DataFolder"] = Path.Combine(Path.GetTempPath(), "csm-tests", "data"),
            // The development mode, chosen as a developer does (unset, every e-mail would be recorded failed).
            ["Email:Mode"] = "FileDrop",
            ["Email:DropDirectory"] = Path.Combine(Path.GetTempPath(), "csm-tests", "mail"),
            ["Sms:Mode"] = "FileDrop",
            ["Sms:DropDirectory"] = Path.Combine(Path.GetTempPath(), "csm-tests", "sms"),
            ["Scheduler:Enabled"] = "false",
            ["CSM_ADMIN_PASSWORD"] = AdminPassword,
            ["RateLimits:LoginPerMinute"] = "100000",
            ["RateLimits:PublicPerMinute"] = "100000",
        };
        if (Engine == Csm.BuildingBlocks.Data.DatabaseProvider.PostgreSql)
        {
            _postgresDatabase = databaseFile ?? throw new ArgumentNullException(nameof(databaseFile));
            _ownsPostgresDatabase = ownsFile;
            config["Database:Provider"] = "PostgreSql";
            config["ConnectionStrings:Csm"] = PostgresDatabase.ConnectionString(_postgresDatabase);
        }
        else if (string.IsNullOrEmpty(sqlServer))
        {
            _ownsFile = ownsFile;
            _sqliteFile = databaseFile ?? NewDatabaseFile();
            Directory.CreateDirectory(Path.GetDirectoryName(_sqliteFile)!);
            config["Database:Provider"] = "Sqlite";
            config["ConnectionStrings:Csm"] = _sqliteFile;
        }
        else
        {
            _sqlServerDatabase = "csm_test_" + Guid.NewGuid().ToString("N")[..12];
            var builder = new SqlConnectionStringBuilder(sqlServer);
            using (var master = new SqlConnection(builder.ConnectionString))
            {
                master.Open();
                using var create = master.CreateCommand();
                create.CommandText = $"CREATE DATABASE [{_sqlServerDatabase}]";
                create.ExecuteNonQuery();
            }
            builder.InitialCatalog = _sqlServerDatabase;
            config["Database:Provider"] = "SqlServer";
            config["ConnectionStrings:Csm"] = builder.ConnectionString;
        }
        foreach (var (k, v) in settings) config[k] = v;

        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (k, v) in config) b.UseSetting(k, v);
            b.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            b.ConfigureTestServices(s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                // PBKDF2 with one iteration: a test signs in and creates users by the dozen. The hash still records its
                // iteration count, so the real check runs the same code.
                s.Configure<PasswordHasherOptions>(o => o.IterationCount = 1);
                services?.Invoke(s);
            });
        });
    }

    /// <param name="settings">Configuration overrides, e.g. ["Outbox:MaxAttempts"] = "2".</param>
    /// <param name="services">Test-only service replacements (things outside the system).</param>
    /// <param name="databaseFile">Reuse a SQLite file, e.g. to restart the host on the same data.</param>
    public static async Task<CsmFixture> StartAsync(
        IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null,
        FakeTimeProvider? clock = null, string? databaseFile = null)
    {
        var owns = databaseFile is null;
        if (Engine == Csm.BuildingBlocks.Data.DatabaseProvider.PostgreSql)
        {
            // A test that restarts on "a file" gets a database of its own, created from the template the first time.
            databaseFile = await PostgresDatabase.CreateAsync(databaseFile, TemplateAsync);
        }
        else if (databaseFile is null && string.IsNullOrEmpty(SqlServer))
        {
            databaseFile = NewDatabaseFile();
            File.Copy(await TemplateAsync(), databaseFile);
        }
        var fixture = new CsmFixture(clock ?? Clocks.At(Clocks.MondayMorning), settings ?? new Dictionary<string, string?>(), services, databaseFile, owns);
        fixture.Admin = await fixture.SignInAsync("admin", AdminPassword);
        return fixture;
    }

    private static string NewDatabaseFile()
    {
        var directory = Path.Combine(Path.GetTempPath(), "csm-tests");
        Directory.CreateDirectory(directory);
        return Path.Combine(directory, Guid.NewGuid().ToString("N") + ".db");
    }

    private static readonly SemaphoreSlim TemplateTurn = new(1, 1);
    private static string? _template;

    /// <summary>
    /// A database migrated once per test run, with the bootstrap admin, that each fixture copies: a host then starts
    /// on a schema that is already current instead of running every module's migrations again.
    /// </summary>
    private static async Task<string> TemplateAsync()
    {
        await TemplateTurn.WaitAsync();
        try
        {
            if (_template is not null) return _template;
            if (Engine == Csm.BuildingBlocks.Data.DatabaseProvider.PostgreSql)
            {
                var name = await PostgresDatabase.CreateEmptyAsync();
                var host = new CsmFixture(Clocks.At(Clocks.MondayMorning), new Dictionary<string, string?>(), null, name, ownsFile: false);
                _ = host.Services;
                await host.DisposeAsync();
                Npgsql.NpgsqlConnection.ClearAllPools();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => PostgresDatabase.Drop(name);
                return _template = name;
            }
            var file = NewDatabaseFile();
            var template = new CsmFixture(Clocks.At(Clocks.MondayMorning), new Dictionary<string, string?>(), null, file, ownsFile: false);
            _ = template.Services; // starts the host: migrations and the bootstrap admin
            await template.DisposeAsync();
            await using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False"))
            {
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                await checkpoint.ExecuteNonQueryAsync();
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                foreach (var f in new[] { file, file + "-wal", file + "-shm" }) File.Delete(f);
            };
            return _template = file;
        }
        finally
        {
            TemplateTurn.Release();
        }
    }

    /// <summary>A client with no credentials at all.</summary>
    public HttpClient Anonymous() => _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    /// <summary>A client whose requests arrive from <paramref name="address"/>, as a proxy's or a client's connection would.</summary>
    public HttpClient From(System.Net.IPAddress address) =>
        new(_factory.Server.CreateHandler(c => c.Connection.RemoteIpAddress = address)) { BaseAddress = _factory.Server.BaseAddress };

    /// <summary>A client that sends cookies, as the SPA does.</summary>
    public HttpClient Browser(bool followRedirects = true) =>
        _factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = followRedirects });

    public async Task<HttpClient> SignInAsync(string userName, string password)
    {
        var response = await Anonymous().PostJsonAsync("/api/auth/token", new { userName, password }).ExpectAsync(200);
        var token = (await response.NodeAsync())["accessToken"]!.GetValue<string>();
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a staff user with the given roles and returns a client signed in as them.</summary>
    public async Task<HttpClient> UserAsync(string role, string? userName = null, string? team = null, string? email = null)
    {
        userName ??= $"{role.ToLowerInvariant()}{Interlocked.Increment(ref _users)}";
        const string password = "Us3r-Pa55word!";
        await Admin.PostJsonAsync("/api/users", new { userName, displayName = userName, password, roles = new[] { role }, team, email }).ExpectAsync(201);
        return await SignInAsync(userName, password);
    }

    /// <summary>Creates an API key and returns a client that sends it.</summary>
    public async Task<HttpClient> ApiKeyClientAsync(string role = "admin", params string[] scopes)
    {
        var response = await Admin.PostJsonAsync("/api/api-keys", new { name = "test key", role, scopes }).ExpectAsync(201);
        var key = (await response.NodeAsync())["key"]!.GetValue<string>();
        var client = Anonymous();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>
    /// Plays another module: commits its events to the outbox in one transaction, as that module would, then delivers
    /// everything pending.
    /// </summary>
    public async Task PublishAsync(params IntegrationEvent[] events)
    {
        await using (var scope = Services.CreateAsyncScope())
        {
            var session = scope.ServiceProvider.GetRequiredService<Csm.BuildingBlocks.Data.DbSession>();
            await session.BeginAsync();
            await scope.ServiceProvider.GetRequiredService<Outbox>().AddRangeAsync(events);
            await session.CommitAsync();
        }
        await DrainOutboxAsync();
    }

    /// <summary>The number a counting query answers, read from the host's own database.</summary>
    public async Task<long> CountAsync(string sql)
    {
        await using var c = await Services.GetRequiredService<Csm.BuildingBlocks.Data.Db>().OpenAsync();
        return await Dapper.SqlMapper.ExecuteScalarAsync<long>(c, sql);
    }

    /// <summary>Publishes every due outbox event to its handlers, as the background dispatcher would. Returns how many.</summary>
    public Task<int> DrainOutboxAsync() => Services.GetRequiredService<OutboxDispatcher>().DrainAsync();

    /// <summary>Sends the outbound messages that are due, then delivers the events their outcomes raised (an invitation marked sent).</summary>
    public async Task<Csm.BuildingBlocks.Outbound.OutboundSender.Outcome> SendOutboundAsync()
    {
        var outcome = await Services.GetRequiredService<Csm.BuildingBlocks.Outbound.OutboundSender>().SendDueAsync();
        await DrainOutboxAsync();
        return outcome;
    }

    public T Service<T>() where T : notnull => Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        // A file the test passed in outlives this host: the test restarts on it.
        if (_sqliteFile is not null && _ownsFile)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var f in new[] { _sqliteFile, _sqliteFile + "-wal", _sqliteFile + "-shm" })
            {
                try { File.Delete(f); } catch (IOException) { }
            }
        }
        if (_postgresDatabase is not null && _ownsPostgresDatabase) PostgresDatabase.Drop(_postgresDatabase);
        if (_sqlServerDatabase is not null)
        {
            SqlConnection.ClearAllPools();
            using var master = new SqlConnection(Environment.GetEnvironmentVariable("CSM_TEST_SQLSERVER"));
            master.Open();
            using var drop = master.CreateCommand();
            drop.CommandText = $"ALTER DATABASE [{_sqlServerDatabase}] SET SINGLE_USER WITH ROLLBACK IMMEDIATE; DROP DATABASE [{_sqlServerDatabase}]";
            drop.ExecuteNonQuery();
        }
    }
}

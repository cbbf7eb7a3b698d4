using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Csm.Tests.Host;

/// <summary>
/// The host as an operator installs it and starts it, and what it refuses to start with: its files copied to a folder of their own (as a publish leaves them, the
/// built SPA in wwwroot beside Csm.Host.dll) and started with `dotnet /that/folder/Csm.Host.dll` from somewhere else.
/// </summary>
public sealed class InstalledHostTests
{
    private string _root = null!;
    private string _installed = null!;
    private string _elsewhere = null!;

    [SetUp]
    public void Install()
    {
        _root = Path.Combine(Path.GetTempPath(), "csm-install-" + Guid.NewGuid().ToString("N")[..8]);
        _installed = Path.Combine(_root, "opt", "csm");
        _elsewhere = Path.Combine(_root, "home");
        Directory.CreateDirectory(_elsewhere);
        HostProcess.Install(_installed, "<!doctype html><title>installed Csm</title>");
    }

    [TearDown]
    public void Remove() => Directory.Delete(_root, recursive: true);

    [Test]
    public async Task Started_from_another_folder_it_serves_its_own_spa_reads_its_own_settings_and_keeps_data_beside_itself()
    {
        // A setting only the installed appsettings.json holds: the body limit, made small enough to see.
        var settings = Path.Combine(_installed, "appsettings.json");
        var json = JsonNode.Parse(File.ReadAllText(settings))!;
        json["Limits"]!["MaxBodyBytes"] = 1000;
        File.WriteAllText(settings, json.ToJsonString());

        await using var host = await HostProcess.StartAsync(_installed, _elsewhere);
        using var http = new HttpClient { BaseAddress = host.Url };
        Assert.That(await http.GetStringAsync("/"), Does.Contain("installed Csm"));
        Assert.That(await http.GetStringAsync("/customers/42"), Does.Contain("installed Csm"), "a deep link falls back to the SPA");
        using var big = await http.PostAsync("/api/auth/token", new StringContent(new string('x', 5000), System.Text.Encoding.UTF8, "application/json"));
        Assert.That(big.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));

        Assert.That(File.Exists(Path.Combine(_installed, "data", "csm.db")), Is.True, "the database is in the data folder beside the host");
        Assert.That(Directory.Exists(Path.Combine(_elsewhere, "data")), Is.False, "nothing is written where the host was started from");
    }

    [Test]
    public async Task The_data_folder_is_a_setting()
    {
        var data = Path.Combine(_root, "var", "lib", "csm");
        await using var host = await HostProcess.StartAsync(_installed, _elsewhere, ("DataFolder", data));
        Assert.That(File.Exists(Path.Combine(data, "csm.db")), Is.True);
        Assert.That(Directory.Exists(Path.Combine(_installed, "data")), Is.False);
    }

    [Test]
    public async Task A_cross_origin_setting_that_is_not_an_origin_stops_the_start_with_one_line_naming_it()
    {
        var (exit, error) = await HostProcess.RunToExitAsync(_installed, _elsewhere, ("Cors__Origins__0", "https://www.example.com/widget"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.Trim(), Is.EqualTo(
            "Csm cannot start. Cors:Origins: 'https://www.example.com/widget' is not an origin; write it as scheme://host[:port], e.g. https://www.example.com."));
    }

    [Test]
    public async Task Passwords_for_the_break_glass_admin_only_without_single_sign_on_stop_the_start()
    {
        var (exit, error) = await HostProcess.RunToExitAsync(_installed, _elsewhere, ("Auth__LocalPasswords", "BreakGlassOnly"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.Trim(), Is.EqualTo(
            "Csm cannot start. Auth:LocalPasswords: BreakGlassOnly needs single sign-on (Oidc:Authority), or nobody but the break-glass admin could sign in."));
    }

    [Test]
    public async Task A_proxy_setting_that_is_not_an_address_stops_the_start_with_one_line_naming_it()
    {
        var (exit, error) = await HostProcess.RunToExitAsync(_installed, _elsewhere, ("Proxy__KnownProxies", "10.0.0.300"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.Trim(), Is.EqualTo("Csm cannot start. Proxy:KnownProxies: '10.0.0.300' is not an IP address."));

        (exit, error) = await HostProcess.RunToExitAsync(_installed, _elsewhere, ("Proxy__KnownNetworks__0", "10.0.0.0/33"));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.Contain("Proxy:KnownNetworks: '10.0.0.0/33' is not a network in CIDR form"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task A_data_folder_it_cannot_create_stops_the_start_with_one_line_naming_the_database()
    {
        var blocked = Path.Combine(_root, "a-file");
        File.WriteAllText(blocked, "not a folder");
        var (exit, error) = await HostProcess.RunToExitAsync(_installed, _elsewhere, ("DataFolder", Path.Combine(blocked, "data")));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error, Does.StartWith("Csm cannot start. ConnectionStrings:Csm: the SQLite database '" + Path.Combine(blocked, "data", "csm.db") + "'"));
        Assert.That(error, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public async Task A_database_a_newer_Csm_migrated_is_refused_and_left_as_it_was()
    {
        var data = Path.Combine(_root, "data");
        await using (await HostProcess.StartAsync(_installed, _elsewhere, ("DataFolder", data))) { }
        var file = Path.Combine(data, "csm.db");
        await Sql(file, "INSERT INTO schema_migrations (module, version, name, applied_at) VALUES ('Tickets', 9001, 'from_the_future', '2027-01-01T00:00:00+00:00')");
        var before = await Sql(file, "SELECT COUNT(*) FROM schema_migrations");

        var (exit, error) = await HostProcess.RunToExitAsync(_installed, _elsewhere, ("DataFolder", data));
        Assert.That(exit, Is.EqualTo(1));
        Assert.That(error.Trim(), Is.EqualTo("Csm cannot start. The database was migrated by a newer Csm (migrations this version does not know: Tickets 9001). "
            + "Run the newer Csm, or restore a backup taken before the upgrade."));
        Assert.That(await Sql(file, "SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(before));
    }

    [Test]
    public async Task Two_hosts_starting_at_once_on_a_new_database_apply_each_migration_once_and_both_serve()
    {
        var data = Path.Combine(_root, "data");
        var starts = new[] { HostProcess.StartAsync(_installed, _elsewhere, ("DataFolder", data)), HostProcess.StartAsync(_installed, _elsewhere, ("DataFolder", data)) };
        var hosts = await Task.WhenAll(starts);
        try
        {
            foreach (var host in hosts)
            {
                using var http = new HttpClient { BaseAddress = host.Url };
                Assert.That((await http.GetAsync("/health/ready")).StatusCode, Is.EqualTo(HttpStatusCode.OK));
            }
            var file = Path.Combine(data, "csm.db");
            Assert.That(await Sql(file, "SELECT COUNT(*) FROM (SELECT module, version FROM schema_migrations GROUP BY module, version HAVING COUNT(*) > 1)"), Is.Zero);
            Assert.That(await Sql(file, "SELECT COUNT(*) FROM schema_migrations"), Is.EqualTo(Directory.EnumerateFiles(Path.Combine(OpenApiTests.RepoRoot(), "src"), "*.sql", SearchOption.AllDirectories)
                .Count(f => f.Contains($"{Path.DirectorySeparatorChar}Sqlite{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))));
        }
        finally
        {
            foreach (var host in hosts) await host.DisposeAsync();
        }
    }

    [Test]
    public async Task A_sign_in_survives_a_restart_of_a_host_without_a_home_folder()
    {
        var data = Path.Combine(_root, "data");
        var cookies = new CookieContainer();
        // Each start gets a fresh, empty HOME, as a container or a systemd DynamicUser would.
        await using (var first = await HostProcess.StartAsync(_installed, _elsewhere, ("DataFolder", data), ("HOME", Path.Combine(_root, "home1"))))
        {
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = first.Url };
            using var login = await http.PostAsJsonAsync("/api/auth/login", new { userName = "admin", password = HostProcess.AdminPassword });
            Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.OK), await login.Content.ReadAsStringAsync());
        }
        Assert.That(Directory.EnumerateFiles(Path.Combine(data, "keys"), "key-*.xml").Count(), Is.EqualTo(1), "the key ring is in the data folder");

        await using var second = await HostProcess.StartAsync(_installed, _elsewhere, ("DataFolder", data), ("HOME", Path.Combine(_root, "home2")));
        var cookie = cookies.GetAllCookies().Single(c => c.Name == "csm.auth");
        using var again = new HttpClient { BaseAddress = second.Url };
        again.DefaultRequestHeaders.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        var me = await again.GetFromJsonAsync<JsonObject>("/api/auth/me");
        Assert.That(me!["userName"]!.GetValue<string>(), Is.EqualTo("admin"));
    }

    private static async Task<long> Sql(string file, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L);
    }
}

using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Csm.Bench;

/// <summary>
/// The real host as a separate process on Kestrel at 127.0.0.1, on its own fresh SQLite file, or on the PostgreSQL
/// database <c>postgres</c> names (several hosts may share it).
/// </summary>
internal sealed class HostProcess : IAsyncDisposable
{
    private const string AdminPassword = "Bench-Pa55word!";
    private readonly Process _process;

    public string BaseUrl { get; }
    public string DatabaseFile { get; }
    public string? Postgres { get; private init; }
    public HttpClient Client { get; }

    /// <summary>The host's mail server: what it sends is accepted and counted.</summary>
    public required MailSink Mail { get; init; }

    private HostProcess(Process process, string baseUrl, string databaseFile)
    {
        _process = process;
        BaseUrl = baseUrl;
        DatabaseFile = databaseFile;
        Client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromMinutes(10),
        };
    }

    public static async Task<HostProcess> StartAsync(string hostDll, int port, string? postgres = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "csm-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var db = Path.Combine(folder, "csm.db");
        var url = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet", $"\"{hostDll}\" --urls {url}")
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__Csm"] = postgres ?? db,
                ["Database__Provider"] = postgres is null ? "Sqlite" : "PostgreSql",
                ["CSM_ADMIN_PASSWORD"] = AdminPassword,
                ["Logging__LogLevel__Default"] = "Warning",
                ["RateLimits__LoginPerMinute"] = "100000",
                ["RateLimits__PublicPerMinute"] = "10000000",
                // The bench is the loopback proxy of the respondents it plays (PublicResponses on PostgreSQL).
                ["Proxy__KnownProxies__0"] = "127.0.0.1",
            },
        };
        var mail = new MailSink();
        foreach (var (name, value) in mail.Settings) start.Environment[name] = value;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("host: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, url, db) { Postgres = postgres, Mail = mail };
        for (var i = 0; i < 600; i++)
        {
            try
            {
                if ((await host.Client.GetAsync("/health/ready")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (process.HasExited) throw new InvalidOperationException("The host exited during start-up.");
            await Task.Delay(100);
        }
        var token = await host.Client.PostAsJsonAsync("/api/auth/token", new { userName = "admin", password = AdminPassword });
        var bearer = (await token.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        var key = await host.Client.PostAsJsonAsync("/api/api-keys", new { name = "bench", role = "admin", scopes = new[] { "*" } });
        key.EnsureSuccessStatusCode();
        host.Client.DefaultRequestHeaders.Authorization = null;
        host.Client.DefaultRequestHeaders.Add("X-Api-Key", (await key.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>());
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        try { _process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await _process.WaitForExitAsync();
        Client.Dispose();
        await Mail.DisposeAsync();
        try { Directory.Delete(Path.GetDirectoryName(DatabaseFile)!, recursive: true); } catch (IOException) { }
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Csm.Tests.Host;

/// <summary>The installed host as its own process on a free loopback port.</summary>
internal sealed class HostProcess : IAsyncDisposable
{
    public const string AdminPassword = "Installed-Pa55word!";

    /// <summary>
    /// Copies the host's build output (next to these tests' own, same configuration) to <paramref name="folder"/> as a
    /// publish lays it out, with <paramref name="indexHtml"/> as the built SPA in wwwroot.
    /// </summary>
    public static void Install(string folder, string indexHtml)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var built = Path.Combine(OpenApiTests.RepoRoot(), "src", "Host", "bin", configuration, "net10.0");
        foreach (var file in Directory.EnumerateFiles(built, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(folder, Path.GetRelativePath(built, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Directory.CreateDirectory(Path.Combine(folder, "wwwroot"));
        File.WriteAllText(Path.Combine(folder, "wwwroot", "index.html"), indexHtml);
    }

    private readonly Process _process;
    public Uri Url { get; }

    private HostProcess(Process process, Uri url) { _process = process; Url = url; }

    private static Process Start(string installed, string workingDirectory, Uri url, (string Key, string Value)[] environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(installed, "Csm.Host.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(url.ToString());
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["CSM_ADMIN_PASSWORD"] = AdminPassword;
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment.Remove("ASPNETCORE_CONTENTROOT");
        foreach (var (key, value) in environment) start.Environment[key.Replace(":", "__")] = value;
        return Process.Start(start)!;
    }

    public static async Task<HostProcess> StartAsync(string installed, string workingDirectory, params (string, string)[] environment)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var process = Start(installed, workingDirectory, url, environment);
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(2) };
        for (var waited = 0; waited < 600; waited++)
        {
            if (process.HasExited) Assert.Fail($"the host exited: {await errors}");
            try
            {
                if ((await http.GetAsync("/health/ready")).IsSuccessStatusCode) return new HostProcess(process, url);
            }
            catch (HttpRequestException) { /* not listening yet */ }
            catch (TaskCanceledException) { /* still starting */ }
            await Task.Delay(100);
        }
        process.Kill(entireProcessTree: true);
        throw new TimeoutException("the installed host did not become ready in 60 s");
    }

    public static async Task<(int Exit, string Error)> RunToExitAsync(string installed, string workingDirectory, params (string, string)[] environment)
    {
        using var process = Start(installed, workingDirectory, new Uri($"http://127.0.0.1:{FreePort()}"), environment);
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await errors);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL, as a machine that dies: no shutdown runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}

// Every build step of Csm. `dotnet tool restore && dotnet cake --target=<Target>`.
//   Run    the host with demo data on SQLite at http://localhost:5080 (builds the SPA first when client/ exists)
//   Test   every suite: .NET (NUnit), client unit tests, browser E2E; ends with "N passed, N failed, N skipped"
//   Bench  benchmarks; print figures, never fail on timings
using System.Text.RegularExpressions;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Debug");
var skipE2E = HasArgument("skip-e2e") || EnvironmentVariable("CSM_SKIP_E2E") == "1";
var root = MakeAbsolute(Directory("."));
var results = root.Combine("TestResults");
var hasClient = FileExists("client/package.json");

var passed = 0; var failed = 0; var skipped = 0;
var suites = new List<string>();

void Count(string suite, int p, int f, int s)
{
    passed += p; failed += f; skipped += s;
    suites.Add($"{suite}: {p} passed, {f} failed, {s} skipped");
}

int Run(string tool, string arguments, string workingDirectory = ".", IDictionary<string, string> env = null)
{
    Information($"> {tool} {arguments}");
    var settings = new ProcessSettings { Arguments = arguments, WorkingDirectory = workingDirectory };
    if (env != null) settings.EnvironmentVariables = env;
    return StartProcess(tool, settings);
}

void Must(int exitCode, string what)
{
    if (exitCode != 0) throw new Exception($"{what} failed with exit code {exitCode}.");
}

Task("Restore").Does(() =>
{
    Must(Run("dotnet", "restore Csm.sln"), "dotnet restore");
});

Task("Build").IsDependentOn("Restore").Does(() =>
{
    Must(Run("dotnet", $"build Csm.sln -c {configuration} --no-restore"), "dotnet build");
});

Task("OpenApi").IsDependentOn("Build").Description("Regenerates src/Host/openapi.json (commit it) and the SPA's types").Does(() =>
{
    Must(Run("dotnet", $"test tests/Csm.Tests.Host -c {configuration} --no-build --filter The_committed_openapi_document_is_current",
        env: new Dictionary<string, string> { ["CSM_WRITE_OPENAPI"] = "1" }), "writing openapi.json");
    if (hasClient) Must(Run("npm", "run gen:api", "client"), "npm run gen:api");
});

Task("DotNetTests").IsDependentOn("Build").Does(() =>
{
    CleanDirectory(results);
    if (string.IsNullOrEmpty(EnvironmentVariable("CSM_TEST_SQLSERVER")))
        Information("SQL Server suite skipped: CSM_TEST_SQLSERVER is not set (the same suite runs on SQL Server when it holds a connection string).");
    // The whole suite on the embedded default, then again on PostgreSQL (a throwaway server of its own, or the one
    // CSM_TEST_POSTGRES names).
    DotNetSuite("", results.Combine("sqlite"), new Dictionary<string, string> { ["CSM_TEST_POSTGRES"] = "" });
    var postgres = StartPostgres();
    if (postgres == null)
    {
        Information("PostgreSQL suite skipped: no PostgreSQL server (apt-get install -y postgresql, or set CSM_TEST_POSTGRES).");
        return;
    }
    try
    {
        DotNetSuite(" (PostgreSQL)", results.Combine("postgres"), new Dictionary<string, string> { ["CSM_TEST_POSTGRES"] = postgres.Value.ConnectionString });
    }
    finally
    {
        if (postgres.Value.Folder != null) Run("bash", $".ci/postgres stop \"{postgres.Value.Folder}\"");
    }
});

void DotNetSuite(string label, DirectoryPath directory, IDictionary<string, string> env)
{
    EnsureDirectoryExists(directory);
    var exit = Run("dotnet", $"test Csm.sln -c {configuration} --no-build --logger \"trx\" --results-directory \"{directory}\"", env: env);
    var before = failed;
    foreach (var trx in GetFiles($"{directory}/*.trx"))
    {
        var text = System.IO.File.ReadAllText(trx.FullPath);
        var counters = Regex.Match(text, "<Counters [^>]*total=\"(\\d+)\"[^>]*passed=\"(\\d+)\"[^>]*failed=\"(\\d+)\"");
        var name = Regex.Match(text, "storage=\"[^\"]*/([^/\"]+)\\.dll\"").Groups[1].Value;
        if (!counters.Success || counters.Groups[1].Value == "0") continue;
        var total = int.Parse(counters.Groups[1].Value);
        var p = int.Parse(counters.Groups[2].Value);
        var f = int.Parse(counters.Groups[3].Value);
        Count((string.IsNullOrEmpty(name) ? trx.GetFilename().ToString() : name) + label, p, f, total - p - f);
        // The failures' names again at the end, with the first lines of their message, where a long run's tail still shows them.
        var trxNs = System.Xml.Linq.XNamespace.Get("http://microsoft.com/schemas/VisualStudio/TeamTest/2010");
        foreach (var result in System.Xml.Linq.XDocument.Parse(text).Descendants(trxNs + "UnitTestResult").Where(r => (string)r.Attribute("outcome") == "Failed"))
        {
            suites.Add($"  failed{label}: {(string)result.Attribute("testName")}");
            var message = (string)result.Descendants(trxNs + "Message").FirstOrDefault() ?? "";
            foreach (var line in message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Take(12))
                suites.Add("    " + (line.Length > 400 ? line.Substring(0, 400) + "…" : line));
        }
    }
    if (exit != 0 && failed == before) throw new Exception($"dotnet test{label} failed before reporting results.");
}

(string ConnectionString, string Folder)? StartPostgres()
{
    var given = EnvironmentVariable("CSM_TEST_POSTGRES");
    if (!string.IsNullOrEmpty(given)) return (given, null);
    if (IsRunningOnWindows()) return null;
    var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    listener.Start();
    var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "csm-pg-" + Guid.NewGuid().ToString("N").Substring(0, 8));
    var exit = StartProcess("bash", new ProcessSettings { Arguments = $".ci/postgres start \"{folder}\" {port}", RedirectStandardOutput = true }, out var lines);
    var connection = lines.LastOrDefault();
    if (exit != 0 || string.IsNullOrEmpty(connection)) return null;
    Information($"PostgreSQL for the tests: {connection}");
    return (connection, folder);
}

Task("ClientInstall").WithCriteria(hasClient).Does(() =>
{
    Must(Run("npm", "ci --no-audit --no-fund", "client"), "npm ci");
});

Task("Client").IsDependentOn("ClientInstall").WithCriteria(hasClient).Description("Builds the SPA into src/Host/wwwroot and runs its unit tests").Does(() =>
{
    Must(Run("npm", "run check:api", "client"), "the SPA's API types are stale: run dotnet cake --target=OpenApi");
    Must(Run("npm", "run build", "client"), "npm run build");
    Must(Run("npm", "run size", "client"), "size budget");
    var report = results.CombineWithFilePath("vitest.json");
    var exit = Run("npm", $"test -- --reporter=default --reporter=json --outputFile=\"{report}\"", "client");
    if (FileExists(report))
    {
        var json = System.IO.File.ReadAllText(report.FullPath);
        int Field(string n) => int.Parse(Regex.Match(json, $"\"{n}\":(\\d+)").Groups[1].Value);
        Count("client unit (vitest)", Field("numPassedTests"), Field("numFailedTests"), Field("numPendingTests") + Field("numTodoTests"));
    }
    else if (exit != 0) throw new Exception("client unit tests failed before reporting results.");
});

Task("E2E").IsDependentOn("Client").IsDependentOn("Build").WithCriteria(hasClient && !skipE2E).Description("Playwright in Debian's chromium against the real host").Does(() =>
{
    var output = new List<string>();
    var settings = new ProcessSettings { Arguments = "run e2e", WorkingDirectory = "client", RedirectStandardOutput = true,
        EnvironmentVariables = new Dictionary<string, string> { ["CSM_HOST_DLL"] = root.CombineWithFilePath($"src/Host/bin/{configuration}/net10.0/Csm.Host.dll").FullPath } };
    using (var process = StartAndReturnProcess("npm", settings))
    {
        foreach (var line in process.GetStandardOutput()) { Information(line); output.Add(line); }
        process.WaitForExit();
    }
    // node:test reporters end with "# pass N" / "# fail N" / "# skipped N".
    int Tap(string n) { var m = output.Select(l => Regex.Match(l, $"^[#ℹ] {n} (\\d+)")).LastOrDefault(x => x.Success); return m == null ? 0 : int.Parse(m.Groups[1].Value); }
    Count("client e2e (chromium)", Tap("pass"), Tap("fail"), Tap("skipped") + Tap("todo"));
    // The failures' names again at the end, with the first lines of their error, where a long run's tail still shows them.
    var plain = output.Select(l => Regex.Replace(l, "\\x1b\\[[0-9;]*m", "")).ToList();
    for (var i = 0; i < plain.Count; i++)
    {
        var failure = Regex.Match(plain[i], "^\\s*not ok \\d+ - (.*)$");
        if (!failure.Success) continue;
        suites.Add("  e2e failed: " + failure.Groups[1].Value);
        var error = plain.Skip(i + 1).TakeWhile(l => !Regex.IsMatch(l, "^\\s*(not )?ok \\d+ ")).SkipWhile(l => !Regex.IsMatch(l, "^\\s+error:")).Where(l => l.Trim().Length > 0).Take(4);
        foreach (var line in error) suites.Add("    " + line.Trim());
    }
});

Task("Test").IsDependentOn("DotNetTests").IsDependentOn("Client").IsDependentOn("E2E").Does(() =>
{
    if (failed > 0) throw new Exception($"{failed} tests failed.");
});

Task("Bench").Does(() =>
{
    if (!FileExists("bench/Csm.Bench/Csm.Bench.csproj")) { Information("No benchmarks yet."); return; }
    Must(Run("dotnet", "build src/Host -c Release"), "building the host");
    Must(Run("dotnet", "run -c Release --project bench/Csm.Bench -- all",
        env: new Dictionary<string, string> { ["CSM_HOST_DLL"] = root.CombineWithFilePath("src/Host/bin/Release/net10.0/Csm.Host.dll").FullPath }), "benchmarks");
    // The public endpoints from outside, with Debian's wrk in its own process (apt-get install -y wrk), beside the constant endpoint.
    Must(Run("dotnet", "run -c Release --project bench/Csm.Bench -- public",
        env: new Dictionary<string, string> { ["CSM_HOST_DLL"] = root.CombineWithFilePath("src/Host/bin/Release/net10.0/Csm.Host.dll").FullPath }), "public endpoint benchmarks");
    // The module benchmarks are explicit NUnit tests (they fill a database with rows no API would write that fast).
    foreach (var (project, benchmark) in new[] { ("Tickets", "EscalationScanBenchmark"), ("Tickets", "DeskBenchmark"), ("Rules", "EvaluationBenchmark"), ("Reports", "ReportBenchmark"), ("Host", "OutboundBenchmark") })
        Must(Run("dotnet", $"test tests/Csm.Tests.{project} -c Release --filter {benchmark} --logger \"console;verbosity=detailed\""), benchmark);
    // On PostgreSQL: the constant endpoint and public answers with one host and two on one database, then the module
    // benchmarks that time the engine's SQL (escalation scan, rule evaluation, reports) beside the SQLite figures above.
    var postgres = StartPostgres();
    if (postgres == null) { Information("PostgreSQL benchmarks skipped: no PostgreSQL server (apt-get install -y postgresql, or set CSM_TEST_POSTGRES)."); return; }
    try
    {
        Must(Run("dotnet", "run -c Release --project bench/Csm.Bench -- postgres",
            env: new Dictionary<string, string> { ["CSM_HOST_DLL"] = root.CombineWithFilePath("src/Host/bin/Release/net10.0/Csm.Host.dll").FullPath,
                ["CSM_BENCH_POSTGRES"] = postgres.Value.ConnectionString }), "PostgreSQL benchmarks");
        foreach (var (project, benchmark) in new[] { ("Tickets", "EscalationScanBenchmark"), ("Rules", "EvaluationBenchmark"), ("Reports", "ReportBenchmark") })
            Must(Run("dotnet", $"test tests/Csm.Tests.{project} -c Release --filter {benchmark} --logger \"console;verbosity=detailed\"",
                env: new Dictionary<string, string> { ["CSM_TEST_POSTGRES"] = postgres.Value.ConnectionString }), benchmark + " on PostgreSQL");
    }
    finally
    {
        if (postgres.Value.Folder != null) Run("bash", $".ci/postgres stop \"{postgres.Value.Folder}\"");
    }
});

Task("Fuzz").Description("Sends every operation generated input for longer than CI does (CSM_FUZZ_PER_OPERATION, default 200; CSM_FUZZ_SEED)").Does(() =>
{
    var perOperation = EnvironmentVariable("CSM_FUZZ_PER_OPERATION") ?? "200";
    Must(Run("dotnet", "test tests/Csm.Tests.Host --filter OperationFuzzTests --logger \"console;verbosity=detailed\"",
        env: new Dictionary<string, string> { ["CSM_FUZZ_PER_OPERATION"] = perOperation }), "the fuzz run");
});

Task("Run").Description("Runs the host with demo data on SQLite at http://localhost:5080").Does(() =>
{
    if (hasClient)
    {
        Must(Run("npm", "ci --no-audit --no-fund", "client"), "npm ci");
        Must(Run("npm", "run build", "client"), "npm run build");
    }
    Must(Run("dotnet", "run --project src/Host -c Release -- --demo"), "the host");
});

Task("Publish").Does(() =>
{
    if (hasClient)
    {
        Must(Run("npm", "ci --no-audit --no-fund", "client"), "npm ci");
        Must(Run("npm", "run build", "client"), "npm run build");
    }
    Must(Run("dotnet", "publish src/Host -c Release -o artifacts/publish"), "dotnet publish");
});

try
{
    RunTarget(target);
}
finally
{
    // The closing line CI reads: the sum over every suite that ran.
    if (suites.Count > 0)
    {
        Console.WriteLine();
        foreach (var s in suites) Console.WriteLine("  " + s);
        Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    }
}

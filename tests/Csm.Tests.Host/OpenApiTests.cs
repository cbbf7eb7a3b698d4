using System.Text.Json.Nodes;

namespace Csm.Tests.Host;

public sealed class OpenApiTests
{
    private static readonly string[] PublicPaths = ["/api/auth/login", "/api/auth/token", "/api/auth/logout", "/api/auth/methods", "/api/auth/sso", "/api/public/", "/widget.js"];
    private CsmFixture _csm = null!;
    private string _document = "";

    [OneTimeSetUp]
    public async Task Start()
    {
        _csm = await CsmFixture.StartAsync();
        _document = await (await _csm.Anonymous().GetAsync("/swagger/v1/swagger.json").ExpectAsync(200)).Content.ReadAsStringAsync();
    }

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Csm.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Csm.sln not found above the test binaries.");
    }

    [Test]
    public void The_committed_openapi_document_is_current()
    {
        var path = Path.Combine(RepoRoot(), "src", "Host", "openapi.json");
        if (Environment.GetEnvironmentVariable("CSM_WRITE_OPENAPI") == "1")
        {
            File.WriteAllText(path, _document.ReplaceLineEndings("\n") + "\n");
        }
        Assert.That(File.Exists(path), $"{path} is missing: run 'dotnet cake --target=OpenApi'.");
        Assert.That(File.ReadAllText(path).ReplaceLineEndings("\n").TrimEnd(), Is.EqualTo(_document.ReplaceLineEndings("\n").TrimEnd()),
            "src/Host/openapi.json is stale: run 'dotnet cake --target=OpenApi' and commit it.");
    }

    [Test]
    public void Every_operation_has_an_id_summary_tag_and_its_security()
    {
        var paths = JsonNode.Parse(_document)!["paths"]!.AsObject();
        Assert.That(paths.Count, Is.GreaterThan(5));
        var ids = new HashSet<string>();
        foreach (var (path, item) in paths)
        {
            foreach (var (method, op) in item!.AsObject())
            {
                var where = $"{method.ToUpperInvariant()} {path}";
                Assert.That(op!["operationId"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, where + " has no operationId");
                Assert.That(ids.Add(op["operationId"]!.GetValue<string>()), where + " repeats an operationId");
                Assert.That(op["summary"]?.GetValue<string>(), Is.Not.Null.And.Not.Empty, where + " has no summary");
                Assert.That(op["tags"]?.AsArray().Count, Is.GreaterThan(0), where + " has no tag");
                var isPublic = PublicPaths.Any(p => path.StartsWith(p, StringComparison.Ordinal));
                if (!isPublic)
                {
                    Assert.That(op["security"]?.AsArray().Count, Is.GreaterThan(0), where + " declares no security");
                    Assert.That(op["responses"]!["401"], Is.Not.Null, where + " does not declare 401");
                }
            }
        }
    }
}

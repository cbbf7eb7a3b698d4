using System.Diagnostics;

namespace Csm.Tests.Host;

/// <summary>What `dotnet publish` lays out, beyond the assemblies: files the code reads beside itself at run time.</summary>
public sealed class PublishedHostTests
{
    [Test]
    public async Task A_published_host_carries_jiebas_dictionary_where_the_reports_module_reads_it()
    {
        var folder = Path.Combine(Path.GetTempPath(), "csm-publish-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { "publish", Path.Combine(OpenApiTests.RepoRoot(), "src", "Host"), "--no-build", "-c", configuration, "-o", folder })
                start.ArgumentList.Add(arg);
            using var publish = Process.Start(start)!;
            var output = publish.StandardOutput.ReadToEndAsync();
            var errors = publish.StandardError.ReadToEndAsync();
            await publish.WaitForExitAsync();
            Assert.That(publish.ExitCode, Is.EqualTo(0), await output + await errors);

            // Voice/CommentTerms.cs reads jieba/ beside the running assembly (AppContext.BaseDirectory), as the tests' own output has it.
            foreach (var file in new[] { "dict.txt", "prob_emit.json", "prob_trans.json", "char_state_tab.json" })
            {
                var published = new FileInfo(Path.Combine(folder, "jieba", file));
                Assert.That(published.Exists, Is.True, file);
                Assert.That(published.Length, Is.EqualTo(new FileInfo(Path.Combine(AppContext.BaseDirectory, "jieba", file)).Length), file);
            }
            Assert.That(File.Exists(Path.Combine(folder, "Csm.Host.dll")), Is.True);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }
}

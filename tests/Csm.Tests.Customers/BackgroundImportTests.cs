using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Dapper;

namespace Csm.Tests.Customers;

/// <summary>Files over Customers:Import:BackgroundAboveBytes run as jobs: 202, progress, the error report, cancel, restart.</summary>
public sealed class BackgroundImportTests
{
    private static Dictionary<string, string?> Settings(int batchRows = 100, string? folder = null) => new()
    {
        ["Customers:Import:BackgroundAboveBytes"] = "1024",
        ["Customers:Import:BatchRows"] = batchRows.ToString(),
        ["Customers:Import:Folder"] = folder ?? Path.Combine(Path.GetTempPath(), "csm-tests", "imports-" + Guid.NewGuid().ToString("N")),
    };

    private static string Csv(IEnumerable<int> numbers, string prefix = "C", Func<int, string>? tier = null) =>
        "externalId,name,tier,email\n" + string.Concat(numbers.Select(i => $"{prefix}{i},Customer {i},{tier?.Invoke(i) ?? "standard"},c{i}@example.com\n"));

    internal static async Task<(string Location, JsonNode Job)> StartAsync(HttpClient client, string csv, string source = "crm")
    {
        var response = await client.PostAsync($"/api/customers/import?source={source}", new StringContent(csv, new UTF8Encoding(false), "text/csv")).ExpectAsync(202);
        return (response.Headers.Location!.ToString(), await response.NodeAsync());
    }

    internal static async Task<JsonNode> EndedAsync(HttpClient client, string location)
    {
        for (var waited = TimeSpan.Zero; waited < TimeSpan.FromMinutes(3); waited += TimeSpan.FromMilliseconds(50))
        {
            var job = await client.GetNodeAsync(location);
            if (job["state"]!.GetValue<string>() != "running") return job;
            await Task.Delay(50);
        }
        throw new TimeoutException($"{location} still runs after 3 minutes.");
    }

    private static long Number(JsonNode job, string name) => job[name]!.GetValue<long>();

    [Test]
    public async Task A_large_file_runs_in_the_background_with_progress_counts_and_a_downloadable_error_report()
    {
        await using var csm = await CsmFixture.StartAsync(Settings());
        var csv = Csv(Enumerable.Range(1, 1000), tier: i => i % 100 == 0 ? "gold" : "standard");
        var (location, started) = await StartAsync(csm.Admin, csv);
        Assert.That(location, Does.Match(@"^/api/customers/imports/\d+$"));
        Assert.That(started["fileBytes"]!.GetValue<long>(), Is.EqualTo(Encoding.UTF8.GetByteCount(csv)));
        Assert.That(started["startedBy"]!.GetValue<string>(), Is.EqualTo("admin"));

        var job = await EndedAsync(csm.Admin, location);
        Assert.That(job["state"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That((Number(job, "rowsRead"), Number(job, "created"), Number(job, "written"), Number(job, "failed"), Number(job, "percent")),
            Is.EqualTo((1000L, 990L, 990L, 10L, 100L)));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(990));

        var report = await csm.Admin.GetAsync(job["errorReport"]!.GetValue<string>()).ExpectAsync(200);
        Assert.That(report.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/csv"));
        Assert.That(report.Content.Headers.ContentDisposition!.DispositionType, Is.EqualTo("attachment"));
        var lines = (await report.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo("row,externalId,field,reason"));
        // Row numbers count the header as row 1, as a person reads the file.
        Assert.That(lines.Skip(1).Select(l => l.Split(',')[0] + "," + l.Split(',')[1] + "," + l.Split(',')[2]),
            Is.EqualTo(Enumerable.Range(1, 10).Select(k => $"{k * 100 + 1},C{k * 100},tier")));

        var again = await EndedAsync(csm.Admin, (await StartAsync(csm.Admin, csv)).Location);
        Assert.That((Number(again, "created"), Number(again, "unchanged"), Number(again, "failed")), Is.EqualTo((0L, 990L, 10L)), "the same file again changes nothing");
    }

    [Test]
    public async Task A_file_ending_in_a_part_batch_completes_with_every_row()
    {
        await using var csm = await CsmFixture.StartAsync(Settings(batchRows: 100));
        var job = await EndedAsync(csm.Admin, (await StartAsync(csm.Admin, Csv(Enumerable.Range(1, 1050)))).Location);
        Assert.That((job["state"]!.GetValue<string>(), Number(job, "rowsRead"), Number(job, "created"), Number(job, "percent")),
            Is.EqualTo(("completed", 1050L, 1050L, 100L)), job["reason"]?.ToString());
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(1050));
    }

    [Test]
    public async Task A_file_sent_again_counts_its_unchanged_batches_without_writing_them_and_writes_only_the_batches_that_changed()
    {
        await using var csm = await CsmFixture.StartAsync(Settings(batchRows: 100));
        var first = await EndedAsync(csm.Admin, (await StartAsync(csm.Admin, Csv(Enumerable.Range(1, 1000)))).Location);
        Assert.That(Number(first, "created"), Is.EqualTo(1000));
        var audited = await csm.CountAsync("SELECT COUNT(*) FROM sys_audit WHERE action = 'customers.imported'");

        // Again, with ten customers of the third batch become VIP, a row of the seventh refused, and C950 twice (rows
        // 951 and 1002: the second is in the last batch, after nine unchanged ones).
        var csv = Csv(Enumerable.Range(1, 1000), tier: i => i is > 200 and <= 210 ? "vip" : i == 650 ? "platinum" : "standard") + "C950,Customer 950,standard,c950@example.com\n";
        var again = await EndedAsync(csm.Admin, (await StartAsync(csm.Admin, csv)).Location);
        Assert.That(again["state"]!.GetValue<string>(), Is.EqualTo("completed"));
        Assert.That((Number(again, "rowsRead"), Number(again, "created"), Number(again, "updated"), Number(again, "unchanged"), Number(again, "failed"), Number(again, "percent")),
            Is.EqualTo((1001L, 0L, 10L, 989L, 2L, 100L)));
        var report = await (await csm.Admin.GetAsync(again["errorReport"]!.GetValue<string>()).ExpectAsync(200)).Content.ReadAsStringAsync();
        Assert.That(report, Does.Contain("651,C650,tier").And.Contain("1002,C950,externalId"));

        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers WHERE version = 2"), Is.EqualTo(10), "only the changed customers were written");
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers WHERE version = 2 AND tier = 'vip'"), Is.EqualTo(10));
        // Every batch is in the audit trail: those that wrote one entry each, the unchanged ones counted in entries of their own.
        await using var c = await csm.Service<Db>().OpenAsync();
        var entries = (await c.QueryAsync<string>("SELECT after_json FROM sys_audit WHERE action = 'customers.imported' ORDER BY id"))
            .Skip((int)audited).Select(j => JsonNode.Parse(j)!).ToList();
        Assert.That(entries.Sum(e => e["total"]!.GetValue<int>()), Is.EqualTo(1001));
        Assert.That(entries.Sum(e => e["unchanged"]!.GetValue<int>()), Is.EqualTo(989));
        Assert.That(entries.Sum(e => e["updated"]!.GetValue<int>()), Is.EqualTo(10));
        Assert.That(entries.Count, Is.LessThan(11), "unchanged batches in a row share an entry");
        Assert.That(entries.Select(e => e["source"]!.GetValue<string>()), Is.All.EqualTo("crm"));
    }

    [Test]
    public async Task A_small_file_still_answers_with_its_report_at_once()
    {
        await using var csm = await CsmFixture.StartAsync(Settings());
        var report = await csm.Admin.ImportCsvAsync(Csv(Enumerable.Range(1, 5)));
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(5));
    }

    [Test]
    public async Task A_mapping_naming_a_column_the_large_file_lacks_is_refused_before_any_job_starts()
    {
        var settings = Settings();
        await using var csm = await CsmFixture.StartAsync(settings);
        var mapping = Uri.EscapeDataString("""{"columns":{"externalId":"Kundennummer","name":"name","tier":"tier"}}""");
        var problem = await (await csm.Admin.PostAsync($"/api/customers/import?source=crm&mapping={mapping}",
            new StringContent(Csv(Enumerable.Range(1, 500)), Encoding.UTF8, "text/csv")).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor("mapping.columns.externalId")[0], Does.Contain("Kundennummer"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_import_jobs"), Is.Zero);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.Zero);
        Assert.That(Directory.Exists(settings["Customers:Import:Folder"]) ? Directory.GetFiles(settings["Customers:Import:Folder"]!) : [], Is.Empty, "no file left behind");
    }

    [Test]
    public async Task A_200_MB_file_is_refused_with_413_naming_the_limit_before_it_is_read()
    {
        await using var csm = await CsmFixture.StartAsync(Settings());
        var response = await csm.Admin.PostAsync("/api/customers/import?source=crm", new EndlessCsv(200L * 1024 * 1024)).ExpectAsync(413);
        var problem = await response.NodeAsync();
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("at most 104857600 bytes"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_import_jobs"), Is.Zero);
    }

    [Test]
    public async Task A_file_sent_without_a_length_is_refused_with_413_once_it_passes_the_limit_and_leaves_no_file()
    {
        var settings = Settings();
        settings["Customers:Import:MaxFileBytes"] = (1024 * 1024).ToString();
        await using var csm = await CsmFixture.StartAsync(settings);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/customers/import?source=crm") { Content = new EndlessCsv(3L * 1024 * 1024, sendLength: false) };
        request.Headers.TransferEncodingChunked = true;
        var response = await csm.Admin.SendAsync(request).ExpectAsync(413);
        Assert.That((await response.NodeAsync())["detail"]!.GetValue<string>(), Does.Contain("at most 1 MB").And.Contain("Customers:Import:MaxFileBytes"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_import_jobs"), Is.Zero);
        Assert.That(Directory.Exists(settings["Customers:Import:Folder"]) ? Directory.GetFiles(settings["Customers:Import:Folder"]!) : [], Is.Empty);
    }

    [Test]
    public async Task Cancelling_stops_the_job_between_batches_and_what_it_wrote_stays_written_and_counted()
    {
        await using var csm = await CsmFixture.StartAsync(Settings(batchRows: 200));
        var (location, _) = await StartAsync(csm.Admin, Csv(Enumerable.Range(1, 40_000)));
        var asked = await (await csm.Admin.DeleteAsync(location).ExpectAsync(200)).NodeAsync();
        Assert.That(asked["cancelRequested"]!.GetValue<bool>(), Is.True);

        var job = await EndedAsync(csm.Admin, location);
        Assert.That(job["state"]!.GetValue<string>(), Is.EqualTo("cancelled"));
        Assert.That(job["reason"]!.GetValue<string>(), Does.Contain("Cancelled"));
        var written = Number(job, "written");
        Assert.That(written, Is.LessThan(40_000));
        Assert.That(written % 200, Is.Zero, "whole batches only");
        Assert.That(Number(job, "rowsRead"), Is.EqualTo(written));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(written), "the counts are the rows in the database");

        var again = await (await csm.Admin.DeleteAsync(location).ExpectAsync(409)).NodeAsync();
        Assert.That(again["detail"]!.GetValue<string>(), Does.Contain("cancelled"));
        await csm.Admin.DeleteAsync("/api/customers/imports/999999").ExpectAsync(404);
    }

    [Test]
    public async Task Two_overlapping_files_imported_at_once_create_each_customer_once()
    {
        await using var csm = await CsmFixture.StartAsync(Settings(batchRows: 250));
        // The same people: C1500..C2999 in the CRM file are E1500..E2999 in the ERP file, recognised by their e-mail.
        var crm = StartAsync(csm.Admin, Csv(Enumerable.Range(0, 3000), "C"), "crm");
        var erp = StartAsync(csm.Admin, Csv(Enumerable.Range(1500, 3000), "E"), "erp");
        // And the CRM sends its file a second time at once.
        var crmAgain = StartAsync(csm.Admin, Csv(Enumerable.Range(0, 3000), "C"), "crm");
        var jobs = new List<JsonNode>();
        foreach (var started in new[] { crm, erp, crmAgain }) jobs.Add(await EndedAsync(csm.Admin, (await started).Location));

        Assert.That(jobs.Select(j => j["state"]!.GetValue<string>()), Is.All.EqualTo("completed"));
        Assert.That(jobs.Sum(j => Number(j, "failed")), Is.Zero);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(4500));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_external_ids"), Is.EqualTo(6000));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM (SELECT customer_id FROM cus_external_ids GROUP BY customer_id HAVING COUNT(*) = 2) t"), Is.EqualTo(1500));
        Assert.That(jobs.Sum(j => Number(j, "linked")), Is.EqualTo(1500));
        Assert.That(jobs.Sum(j => Number(j, "created")), Is.EqualTo(4500));
        Assert.That(jobs.Sum(j => Number(j, "unchanged")), Is.EqualTo(4500), "the second CRM file found its customers, and linked rows brought nothing new");
    }

    [Test]
    public async Task A_host_that_stops_during_an_import_leaves_it_interrupted_not_running()
    {
        var file = Path.Combine(Path.GetTempPath(), "csm-tests", Guid.NewGuid() + ".db");
        var settings = Settings(batchRows: 100);
        string location;
        long written;
        await using (var first = await CsmFixture.StartAsync(settings, databaseFile: file))
        {
            (location, _) = await StartAsync(first.Admin, Csv(Enumerable.Range(1, 40_000)));
            for (var waited = 0; waited < 600 && Number(await first.Admin.GetNodeAsync(location), "rowsRead") == 0; waited++) await Task.Delay(50);
        }
        await using var second = await CsmFixture.StartAsync(settings, databaseFile: file);
        var job = await second.Admin.GetNodeAsync(location);
        Assert.That(job["state"]!.GetValue<string>(), Is.EqualTo("interrupted"));
        Assert.That(job["reason"]!.GetValue<string>(), Does.Contain("send the file again"));
        written = Number(job, "written");
        Assert.That(written, Is.GreaterThan(0).And.LessThan(40_000));
        Assert.That(await second.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(written));
        Assert.That(Directory.GetFiles(settings["Customers:Import:Folder"]!), Is.Empty, "the stopped job's file is removed");
    }

    [Test]
    public async Task A_job_whose_host_died_is_shown_interrupted_once_its_lease_runs_out()
    {
        await using var csm = await CsmFixture.StartAsync(Settings());
        // What a host that died leaves: a running job nobody reports on.
        await using (var c = await csm.Service<Db>().OpenAsync())
            await c.ExecuteAsync("INSERT INTO cus_import_jobs (source, content_type, state, file_bytes, started_at, heartbeat_at) VALUES ('crm', 'text/csv', 'running', 5000, @At, @At)",
                new { At = csm.Clock.GetUtcNow() });
        var id = await csm.CountAsync("SELECT MAX(id) FROM cus_import_jobs");
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/imports/{id}"))["state"]!.GetValue<string>(), Is.EqualTo("running"));
        csm.Clock.Advance(TimeSpan.FromMinutes(3));
        var job = await csm.Admin.GetNodeAsync($"/api/customers/imports/{id}");
        Assert.That(job["state"]!.GetValue<string>(), Is.EqualTo("interrupted"));
        Assert.That(job["finishedAt"], Is.Not.Null);
    }

    [Test]
    public async Task An_unknown_import_is_404_and_an_agent_without_the_import_permission_is_403()
    {
        await using var csm = await CsmFixture.StartAsync(Settings());
        var problem = await (await csm.Admin.GetAsync("/api/customers/imports/424242").ExpectAsync(404)).NodeAsync();
        Assert.That(problem["detail"]!.GetValue<string>(), Does.Contain("424242"));
        var agent = await csm.UserAsync("agent");
        await agent.GetAsync("/api/customers/imports/424242").ExpectAsync(403);
    }

    /// <summary>A CSV body of a given size made as it is sent, never held whole in memory.</summary>
    private sealed class EndlessCsv : HttpContent
    {
        private readonly long _size;
        private readonly bool _sendLength;

        public EndlessCsv(long size, bool sendLength = true)
        {
            _size = size;
            _sendLength = sendLength;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
            if (sendLength) Headers.ContentLength = size;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var line = Encoding.UTF8.GetBytes("X1,Some customer with a long enough name,standard,someone@example.com\n");
            var header = Encoding.UTF8.GetBytes("externalId,name,tier,email\n");
            await stream.WriteAsync(header);
            for (long sent = header.Length; sent < _size; sent += line.Length)
                await stream.WriteAsync(line.AsMemory(0, (int)Math.Min(line.Length, _size - sent)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _size;
            return _sendLength;
        }
    }
}

namespace Csm.Tests.Customers;

public sealed class CustomerImportTests
{
    [Test]
    public async Task A_csv_with_bom_crlf_quoted_commas_blanks_and_chinese_imports_valid_rows_and_reports_the_rest()
    {
        await using var csm = await CsmFixture.StartAsync();
        await csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "employees", label = "Employees", type = "number", required = false }).ExpectAsync(201);
        var csv = "\uFEFFexternalId,name,tier,email,tags,cf.employees\r\n" +
                  "A1,\"Smith, Jones & Co\",vip,a1@example.com,key-account;multi-site,120\r\n" +
                  "A2,上海申通精密机械有限公司,standard,,,\r\n" +
                  "A3,,standard,,,\r\n" +
                  "A4,\"He said \"\"hi\"\"\",gold,,,many\r\n" +
                  "A5,\"Line\nbreak Ltd\",prospect,,,\r\n";
        var report = await csm.Admin.ImportCsvAsync(csv);
        Assert.That(report["total"]!.GetValue<int>(), Is.EqualTo(5));
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(report["failed"]!.GetValue<int>(), Is.EqualTo(2));
        var errors = report["errors"]!.AsArray().Select(e => (e!["row"]!.GetValue<int>(), e["field"]!.GetValue<string>())).ToList();
        Assert.That(errors, Is.EquivalentTo(new[] { (4, "name"), (5, "tier"), (5, "customFields.employees") }));

        var smith = (await csm.Admin.GetNodeAsync("/api/customers?q=A1"))["items"]![0]!;
        Assert.That(smith["name"]!.GetValue<string>(), Is.EqualTo("Smith, Jones & Co"));
        Assert.That(smith["tags"]!.AsArray().Count, Is.EqualTo(2));
        var chinese = (await csm.Admin.GetNodeAsync("/api/customers?q=" + Uri.EscapeDataString("申通")))["items"]![0]!;
        Assert.That(chinese["name"]!.GetValue<string>(), Is.EqualTo("上海申通精密机械有限公司"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?q=A5"))["items"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("Line\nbreak Ltd"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers"))["total"]!.GetValue<long>(), Is.EqualTo(3), "invalid rows did not land");
    }

    [Test]
    public async Task Re_running_the_same_file_changes_nothing_and_a_changed_row_updates_once()
    {
        await using var csm = await CsmFixture.StartAsync();
        var csv = "source,externalId,name,tier\nerp,E1,One,vip\nerp,E2,Two,standard\n";
        var first = await csm.Admin.ImportCsvAsync(csv, source: null);
        Assert.That(first["created"]!.GetValue<int>(), Is.EqualTo(2));
        await csm.DrainOutboxAsync();
        var events = (await csm.OutboxTypesAsync()).Count;

        var again = await csm.Admin.ImportCsvAsync(csv, source: null);
        Assert.That((again["created"]!.GetValue<int>(), again["updated"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()), Is.EqualTo((0, 0, 2)));
        Assert.That((await csm.OutboxTypesAsync()).Count, Is.EqualTo(events), "no events for unchanged rows");

        var changed = await csm.Admin.ImportCsvAsync(csv.Replace("Two,standard", "Two,vip"), source: null);
        Assert.That((changed["updated"]!.GetValue<int>(), changed["unchanged"]!.GetValue<int>()), Is.EqualTo((1, 1)));
        var two = (await csm.Admin.GetNodeAsync("/api/customers?q=E2"))["items"]![0]!;
        Assert.That(two["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers"))["total"]!.GetValue<long>(), Is.EqualTo(2));
    }

    [Test]
    public async Task A_duplicate_external_id_in_one_file_lands_neither_row()
    {
        await using var csm = await CsmFixture.StartAsync();
        var report = await csm.Admin.ImportCsvAsync("externalId,name,tier\nD1,First,vip\nD2,Other,vip\nD1,Second,vip\n");
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(1));
        var errors = report["errors"]!.AsArray();
        Assert.That(errors.Select(e => e!["row"]!.GetValue<int>()), Is.EqualTo(new[] { 2, 4 }));
        Assert.That(errors[0]!["message"]!.GetValue<string>(), Does.Contain("rows 2, 4"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers?q=D1"))["total"]!.GetValue<long>(), Is.EqualTo(0));
    }

    [Test]
    public async Task A_wrong_header_refuses_the_whole_file_naming_the_column()
    {
        await using var csm = await CsmFixture.StartAsync();
        var unknown = await csm.Admin.ImportCsvAsync("externalId,name,tier,favouriteColour\nX,Y,vip,red\n", status: 400);
        Assert.That(unknown.ErrorsFor("header").Single(), Does.Contain("favouriteColour"));
        var missing = await csm.Admin.ImportCsvAsync("externalId,tier\nX,vip\n", status: 400);
        Assert.That(missing.ErrorsFor("header").Single(), Does.Contain("'name'"));
        var empty = await csm.Admin.ImportCsvAsync("", status: 400);
        Assert.That(empty.ErrorsFor("file"), Is.Not.Empty);
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers"))["total"]!.GetValue<long>(), Is.EqualTo(0));
    }

    [Test]
    public async Task A_row_without_a_source_is_reported()
    {
        await using var csm = await CsmFixture.StartAsync();
        var report = await csm.Admin.ImportCsvAsync("externalId,name,tier\nS1,No source,vip\n", source: null);
        Assert.That(report["errors"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("source"));
    }

    [Test]
    public async Task Json_import_upserts_and_reports_a_row_with_a_wrong_type()
    {
        await using var csm = await CsmFixture.StartAsync();
        var json = """
            [ { "externalId": "J1", "name": "Json One", "tier": "vip", "tags": ["a"], "contacts": [{ "email": "j1@example.com" }] },
              { "externalId": "J2", "name": 42, "tier": "vip" },
              { "externalId": "J3", "name": "Json Three", "tier": "prospect" } ]
            """;
        var response = await csm.Admin.PostAsync("/api/customers/import?source=crm", CustomersApi.JsonBody(json)).ExpectAsync(200);
        var report = await response.NodeAsync();
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(report["errors"]![0]!["row"]!.GetValue<int>(), Is.EqualTo(2));
        Assert.That(report["errors"]![0]!["field"]!.GetValue<string>(), Is.EqualTo("name"));
        var one = (await csm.Admin.GetNodeAsync("/api/customers?q=J1"))["items"]![0]!;
        Assert.That(one["email"]!.GetValue<string>(), Is.EqualTo("j1@example.com"));
    }

    [Test]
    public async Task An_unsupported_content_type_is_415()
    {
        await using var csm = await CsmFixture.StartAsync();
        var response = await csm.Admin.PostAsync("/api/customers/import", new StringContent("x", System.Text.Encoding.UTF8, "text/plain")).ExpectAsync(415);
        var problem = await response.NodeAsync();
        Assert.That(problem["status"]!.GetValue<int>(), Is.EqualTo(415));
        Assert.That(problem["title"]!.GetValue<string>(), Is.EqualTo("Unsupported Media Type"));
    }

    [Test]
    public async Task The_telco_churn_sample_imports_every_row_and_the_tiers_match_the_file()
    {
        var file = Datasets.Find("telco_customer_churn.csv");
        Assume.That(file, Is.Not.Null, "the shared datasets folder is beside the repository (or CSM_DATASETS names it)");
        var (csv, expected) = TelcoSample.ToImportCsv(file!);
        await using var csm = await CsmFixture.StartAsync();
        await TelcoSample.DefineFieldsAsync(csm.Admin);
        var report = await csm.Admin.ImportCsvAsync(csv, source: "telco");
        Assert.That(report["total"]!.GetValue<int>(), Is.EqualTo(7043));
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(7043), report["errors"]!.ToJsonString());
        foreach (var (tier, count) in expected)
        {
            Assert.That((await csm.Admin.GetNodeAsync($"/api/customers?tier={tier}&pageSize=1"))["total"]!.GetValue<long>(), Is.EqualTo(count), tier);
        }
        var churned = await csm.Admin.GetNodeAsync("/api/customers?field=churn:Yes&pageSize=1");
        Assert.That(churned["total"]!.GetValue<long>(), Is.EqualTo(File.ReadLines(file).Skip(1).Count(l => l.EndsWith(",Yes", StringComparison.Ordinal))));
    }
}

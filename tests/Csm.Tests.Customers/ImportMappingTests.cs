using System.Text;
using System.Text.Json;

namespace Csm.Tests.Customers;

/// <summary>
/// A source system's file in its own columns: mapped by the request or by the mapping saved for the source, with
/// constants for what the file does not say, and every mistake in a mapping named.
/// </summary>
public sealed class ImportMappingTests
{
    private static StringContent Csv(string text) => new(text, new UTF8Encoding(false), "text/csv");

    private static readonly object Billing = new
    {
        columns = new Dictionary<string, string> { ["externalId"] = "customerID", ["name"] = "customerID", ["cf.churn"] = "Churn" },
        constants = new Dictionary<string, string> { ["tier"] = "standard" },
    };

    private static async Task DefineChurnAsync(CsmFixture csm) =>
        await csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "churn", label = "Churned", type = "choice", required = false, choices = new[] { "Yes", "No" } }).ExpectAsync(201);

    [Test]
    public async Task The_telco_file_in_its_own_columns_imports_through_a_mapping_sent_with_it_and_the_churned_count_equals_the_files()
    {
        var file = Datasets.Find("telco_customer_churn.csv");
        Assume.That(file, Is.Not.Null, "the shared datasets folder is beside the repository (or CSM_DATASETS names it)");
        await using var csm = await CsmFixture.StartAsync();
        await DefineChurnAsync(csm);
        var lines = File.ReadAllLines(file!).Take(501).ToArray();
        var url = "/api/customers/import?source=billing&mapping=" + Uri.EscapeDataString(JsonSerializer.Serialize(Billing));
        var report = await (await csm.Admin.PostAsync(url, Csv(string.Join('\n', lines) + "\n")).ExpectAsync(200)).NodeAsync();
        Assert.That((report["created"]!.GetValue<int>(), report["failed"]!.GetValue<int>()), Is.EqualTo((500, 0)), report.ToJsonString());

        var churned = lines.Skip(1).Count(l => l.Split(',')[^1] == "Yes");
        var customers = await csm.Admin.GetNodeAsync("/api/customers?pageSize=1&field=" + Uri.EscapeDataString("churn:Yes"));
        Assert.That(customers["total"]!.GetValue<long>(), Is.EqualTo(churned), "as many churned customers as the file says");
        var one = (await csm.Admin.GetNodeAsync("/api/customers?q=7590-VHVEG"))["items"]![0]!;
        Assert.That((one["name"]!.GetValue<string>(), one["tier"]!.GetValue<string>()), Is.EqualTo(("7590-VHVEG", "standard")));
    }

    [Test]
    public async Task A_mapping_saved_for_a_source_applies_to_its_imports_and_only_managers_save_one()
    {
        await using var csm = await CsmFixture.StartAsync();
        await DefineChurnAsync(csm);
        var agent = await csm.UserAsync("agent");
        await agent.PutJsonAsync("/api/customers/import-mappings/billing", Billing).ExpectAsync(403);
        var saved = await (await csm.Admin.PutJsonAsync("/api/customers/import-mappings/billing", Billing).ExpectAsync(200)).NodeAsync();
        Assert.That(saved["mapping"]!["columns"]!["externalId"]!.GetValue<string>(), Is.EqualTo("customerID"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/import-mappings")).AsArray().Select(m => m!["source"]!.GetValue<string>()), Is.EqualTo(new[] { "billing" }));

        var report = await (await csm.Admin.PostAsync("/api/customers/import?source=billing", Csv("customerID,gender,Churn\n0001-AAAAA,Female,Yes\n0002-BBBBB,Male,No\n"))
            .ExpectAsync(200)).NodeAsync();
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(2));
        // Another source has no saved mapping: its file must speak Csm's columns.
        var refused = await (await csm.Admin.PostAsync("/api/customers/import?source=crm", Csv("customerID,gender,Churn\n0003-CCCCC,Female,No\n")).ExpectAsync(400)).NodeAsync();
        Assert.That(refused.ErrorsFor("header").Single(), Does.Contain("Unknown column 'customerID'"));
        var audit = await csm.Admin.GetNodeAsync("/api/audit?action=importMapping.saved");
        Assert.That(audit["items"]!.AsArray(), Has.Count.EqualTo(1));
    }

    [TestCase("{\"columns\":{\"externalId\":\"customerID\",\"name\":\"fullName\"},\"constants\":{\"tier\":\"standard\"}}", "mapping.columns.name", "has no column 'fullName'")]
    [TestCase("{\"columns\":{\"externalId\":\"customerID\",\"colour\":\"gender\"},\"constants\":{\"tier\":\"standard\"}}", "mapping.columns.colour", "'colour' is not a Csm column")]
    [TestCase("{\"columns\":{\"externalId\":\"customerID\",\"name\":\"customerID\"},\"constants\":{\"externalId\":\"x\",\"tier\":\"vip\"}}", "mapping.constants.externalId", "Every row has its own externalId")]
    [TestCase("{\"columns\":{\"externalId\":\"customerID\"},\"constants\":{\"tier\":\"standard\"}}", "header", "no 'name' column")]
    [TestCase("{\"columns\":", "mapping", "The mapping is not")]
    [TestCase("{\"columns\":{},\"rows\":{}}", "mapping", "The mapping is not")]
    public async Task A_mapping_with_a_mistake_is_refused_naming_it_and_imports_nothing(string mapping, string field, string says)
    {
        await using var csm = await CsmFixture.StartAsync();
        var url = "/api/customers/import?source=billing&mapping=" + Uri.EscapeDataString(mapping);
        var problem = await (await csm.Admin.PostAsync(url, Csv("customerID,gender,Churn\n0001-AAAAA,Female,Yes\n")).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor(field).Single(), Does.Contain(says), problem.ToJsonString());
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers"))["total"]!.GetValue<long>(), Is.Zero);
    }

    [Test]
    public async Task A_saved_mapping_with_a_mistake_is_refused_naming_it()
    {
        await using var csm = await CsmFixture.StartAsync();
        var problem = await (await csm.Admin.PutJsonAsync("/api/customers/import-mappings/billing", new
        {
            columns = new Dictionary<string, string> { ["colour"] = "gender" }, constants = new Dictionary<string, string> { ["tier"] = "vip" },
        }).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor("mapping.columns.colour").Single(), Does.Contain("'colour' is not a Csm column"));
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/import-mappings")).AsArray(), Is.Empty);
    }
}

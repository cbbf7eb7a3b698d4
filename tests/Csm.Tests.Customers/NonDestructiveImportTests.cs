using System.Text.Json.Nodes;

namespace Csm.Tests.Customers;

/// <summary>
/// One customer fed by two systems: what a file does not say is never lost, lists are added to, and a field a manager
/// gave to one source is only filled by the others while it is empty.
/// </summary>
public sealed class NonDestructiveImportTests
{
    /// <summary>华东精密 as the CRM knows it (crm/C1), also known to the ERP as erp/E1.</summary>
    private static async Task<long> CrmCustomerAsync(CsmFixture csm)
    {
        var report = await csm.Admin.ImportCsvAsync(
            "externalId,name,tier,accountManager,contactName,email,phone,tags\n" +
            "C1,华东精密机械,vip,li.na,王芳,wang.fang@huadong.example.cn,+86 138 0013 8000,key-account\n", source: "crm");
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(1));
        var id = (await csm.Admin.GetNodeAsync("/api/customers?q=C1"))["items"]![0]!["id"]!.GetValue<long>();
        var customer = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        var externalIds = customer["externalIds"]!.AsArray().Select(e => e!.DeepClone()).Append(new JsonObject { ["source"] = "erp", ["id"] = "E1" }).ToArray();
        await csm.Admin.PutJsonAsync($"/api/customers/{id}", new
        {
            name = "华东精密机械", tier = "vip", accountManager = "li.na", contacts = customer["contacts"], tags = customer["tags"], externalIds,
            version = customer["version"]!.GetValue<long>(),
        }).ExpectAsync(200);
        return id;
    }

    [Test]
    public async Task A_second_system_without_the_account_manager_column_keeps_it_and_adds_its_contact_and_tags()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await CrmCustomerAsync(csm);

        var report = await csm.Admin.ImportCsvAsync(
            "externalId,name,tier,contactName,email,tags\n" +
            "E1,华东精密机械,vip,赵工,zhao@huadong.example.cn,erp-billing\n", source: "erp");
        Assert.That(report["updated"]!.GetValue<int>(), Is.EqualTo(1));

        var customer = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That(customer["accountManager"]!.GetValue<string>(), Is.EqualTo("li.na"), "a column the file lacks leaves the field");
        Assert.That(customer["contacts"]!.AsArray().Select(c => c!["email"]!.GetValue<string>()),
            Is.EqualTo(new[] { "wang.fang@huadong.example.cn", "zhao@huadong.example.cn" }), "the CRM's contact stays, the ERP's joins it");
        Assert.That(customer["contacts"]!.AsArray().Count(c => c!["isPrimary"]!.GetValue<bool>()), Is.EqualTo(1), "one primary contact, still the CRM's");
        Assert.That(customer["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EquivalentTo(new[] { "key-account", "erp-billing" }));
        Assert.That(customer["externalIds"]!.AsArray().Select(e => $"{e!["source"]}/{e["id"]}"), Is.EquivalentTo(new[] { "crm/C1", "erp/E1" }));

        // The same ERP file again: nothing to change.
        var again = await csm.Admin.ImportCsvAsync("externalId,name,tier,contactName,email,tags\nE1,华东精密机械,vip,赵工,zhao@huadong.example.cn,erp-billing\n", source: "erp");
        Assert.That((again["updated"]!.GetValue<int>(), again["unchanged"]!.GetValue<int>()), Is.EqualTo((0, 1)));
    }

    [Test]
    public async Task A_blank_cell_leaves_the_field_unless_the_import_says_blank_clear_and_a_known_contact_is_updated_not_doubled()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await CrmCustomerAsync(csm);

        await csm.Admin.ImportCsvAsync("externalId,name,tier,accountManager,contactName,phone\nC1,华东精密机械,vip,,王芳经理,138-0013-8000\n", source: "crm");
        var customer = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That(customer["accountManager"]!.GetValue<string>(), Is.EqualTo("li.na"), "blank means unchanged");
        var contact = customer["contacts"]!.AsArray().Single()!;
        Assert.That((contact["name"]!.GetValue<string>(), contact["email"]!.GetValue<string>()), Is.EqualTo(("王芳经理", "wang.fang@huadong.example.cn")),
            "the same phone is the same contact: its name changes, its e-mail stays");

        var content = new StringContent("externalId,name,tier,accountManager\nC1,华东精密机械,vip,\n", new System.Text.UTF8Encoding(false), "text/csv");
        await csm.Admin.PostAsync("/api/customers/import?source=crm&blank=clear", content).ExpectAsync(200);
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{id}"))["accountManager"], Is.Null, "blank=clear empties it");
    }

    [Test]
    public async Task A_source_that_owns_a_list_replaces_it_when_the_import_says_so()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await CrmCustomerAsync(csm);
        var content = new StringContent("externalId,name,tier,contactName,email,tags\nC1,华东精密机械,vip,陈静,chen@huadong.example.cn,strategic\n",
            new System.Text.UTF8Encoding(false), "text/csv");
        await csm.Admin.PostAsync("/api/customers/import?source=crm&replace=contacts,tags", content).ExpectAsync(200);
        var customer = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That(customer["contacts"]!.AsArray().Select(c => c!["email"]!.GetValue<string>()), Is.EqualTo(new[] { "chen@huadong.example.cn" }));
        Assert.That(customer["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Is.EqualTo(new[] { "strategic" }));
    }

    [Test]
    public async Task A_field_the_CRM_owns_is_filled_by_the_ERP_only_while_empty_and_the_report_counts_what_was_kept()
    {
        await using var csm = await CsmFixture.StartAsync();
        var owned = await (await csm.Admin.PutJsonAsync("/api/customers/field-owners", new
        {
            owners = new[] { new { field = "accountManager", source = "crm" }, new { field = "tier", source = "crm" } },
        }).ExpectAsync(200)).NodeAsync();
        Assert.That(owned.AsArray().Select(o => $"{o!["field"]}={o["source"]}"), Is.EqualTo(new[] { "accountManager=crm", "tier=crm" }));
        var id = await CrmCustomerAsync(csm);
        // A customer the ERP knows first: nobody has set its account manager yet.
        await csm.Admin.ImportCsvAsync("externalId,name,tier\nE2,苏州新材料,standard\n", source: "erp");

        var report = await csm.Admin.ImportCsvAsync(
            "externalId,name,tier,accountManager\n" +
            "E1,华东精密机械,standard,erp.sales\n" +
            "E2,苏州新材料,standard,erp.sales\n", source: "erp");
        Assert.That(report["kept"]!.GetValue<int>(), Is.EqualTo(2), "E1's tier and account manager belong to the CRM");

        var huadong = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That((huadong["tier"]!.GetValue<string>(), huadong["accountManager"]!.GetValue<string>()), Is.EqualTo(("vip", "li.na")));
        var suzhou = (await csm.Admin.GetNodeAsync("/api/customers?q=E2"))["items"]![0]!;
        Assert.That(suzhou["accountManager"]!.GetValue<string>(), Is.EqualTo("erp.sales"), "an empty owned field is filled by anyone");

        // The owner itself may change it.
        await csm.Admin.ImportCsvAsync("externalId,name,tier,accountManager\nC1,华东精密机械,standard,zhou.jie\n", source: "crm");
        var changed = await csm.Admin.GetNodeAsync($"/api/customers/{id}");
        Assert.That((changed["tier"]!.GetValue<string>(), changed["accountManager"]!.GetValue<string>()), Is.EqualTo(("standard", "zhou.jie")));

        var audit = await csm.Admin.GetNodeAsync("/api/audit?action=fieldOwners.set");
        Assert.That(audit["items"]!.AsArray().Single()!["after"]!.ToJsonString(), Does.Contain("accountManager"));
    }

    [TestCase("?source=erp&blank=maybe", "blank")]
    [TestCase("?source=erp&replace=phones", "replace")]
    public async Task An_import_option_it_does_not_know_is_a_400_naming_it(string query, string field)
    {
        await using var csm = await CsmFixture.StartAsync();
        var content = new StringContent("externalId,name,tier\nE1,One,vip\n", new System.Text.UTF8Encoding(false), "text/csv");
        var problem = await (await csm.Admin.PostAsync("/api/customers/import" + query, content).ExpectAsync(400)).NodeAsync();
        Assert.That(problem.ErrorsFor(field), Is.Not.Empty);
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers"))["total"]!.GetValue<long>(), Is.Zero, "nothing imported");
    }

    [Test]
    public async Task Field_owners_name_real_fields_once_and_only_managers_set_them()
    {
        await using var csm = await CsmFixture.StartAsync();
        var unknown = await (await csm.Admin.PutJsonAsync("/api/customers/field-owners", new { owners = new[] { new { field = "colour", source = "crm" } } })
            .ExpectAsync(400)).NodeAsync();
        Assert.That(unknown.ErrorsFor("owners[0].field").Single(), Does.Contain("'colour' is not a customer field"));
        var twice = await (await csm.Admin.PutJsonAsync("/api/customers/field-owners", new
        {
            owners = new[] { new { field = "tier", source = "crm" }, new { field = "tier", source = "erp" } },
        }).ExpectAsync(400)).NodeAsync();
        Assert.That(twice.ErrorsFor("owners"), Is.Not.Empty);
        var agent = await csm.UserAsync("agent");
        await agent.PutJsonAsync("/api/customers/field-owners", new { owners = new[] { new { field = "tier", source = "crm" } } }).ExpectAsync(403);
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/field-owners")).AsArray(), Is.Empty, "nothing was set");
    }
}

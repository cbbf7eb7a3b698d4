using System.Text;
using System.Text.Json.Nodes;

namespace Csm.Tests.Customers;

public sealed class IdentityResolutionTests
{
    private const string Code = "91350100M000100Y43";

    [Test]
    public async Task A_customer_sent_again_with_the_same_email_from_another_system_is_linked_not_duplicated()
    {
        await using var csm = await CsmFixture.StartAsync();
        var first = await csm.Admin.CreateIdAsync(new { name = "Acme Trading", tier = "vip", contacts = new[] { new { email = "Li@Acme.cn" } }, externalIds = new[] { new { source = "crm", id = "C1" } } });
        var again = await (await csm.Admin.PostJsonAsync("/api/customers",
            new { name = "ACME trading co., ltd.", tier = "standard", contacts = new[] { new { email = " li@acme.CN " } }, externalIds = new[] { new { source = "erp", id = "E9" } } }).ExpectAsync(200)).NodeAsync();
        Assert.That(again["id"]!.GetValue<long>(), Is.EqualTo(first));
        Assert.That(again["externalIds"]!.AsArray().Select(e => $"{e!["source"]}/{e["id"]}"), Is.EquivalentTo(new[] { "crm/C1", "erp/E9" }));
        Assert.That(again["tier"]!.GetValue<string>(), Is.EqualTo("vip"), "linking adds the external id and changes nothing else");
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(1));
        var history = await csm.Admin.GetNodeAsync($"/api/customers/{first}/history");
        Assert.That(history.AsArray().Select(h => h!["action"]!.GetValue<string>()), Does.Contain("customer.linked"));
    }

    [Test]
    public async Task Phones_and_credit_codes_written_differently_are_the_same_key()
    {
        await using var csm = await CsmFixture.StartAsync();
        var byPhone = await csm.Admin.CreateIdAsync(new { name = "王芳", kind = "person", tier = "standard", contacts = new[] { new { phone = "１３８ ００１３ ８０００" } } });
        var again = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "Wang Fang", kind = "person", tier = "standard", contacts = new[] { new { phone = "+86 (138) 0013-8000" } } }).ExpectAsync(200)).NodeAsync();
        Assert.That(again["id"]!.GetValue<long>(), Is.EqualTo(byPhone));

        var byCode = await csm.Admin.CreateIdAsync(new { name = "福建某某有限公司", tier = "vip", creditCode = Code.ToLowerInvariant() });
        var view = await csm.Admin.GetNodeAsync($"/api/customers/{byCode}");
        Assert.That(view["creditCode"]!.GetValue<string>(), Is.EqualTo(Code));
        var sameCode = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "Fujian Something Ltd", tier = "vip", creditCode = Code }).ExpectAsync(200)).NodeAsync();
        Assert.That(sameCode["id"]!.GetValue<long>(), Is.EqualTo(byCode));
    }

    [Test]
    public async Task A_wrong_check_digit_and_a_phone_that_is_not_a_phone_are_refused_naming_the_field()
    {
        await using var csm = await CsmFixture.StartAsync();
        var code = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "X", tier = "vip", creditCode = "91350100M000100Y44" }).ExpectAsync(400)).NodeAsync();
        Assert.That(code.ErrorsFor("creditCode").Single(), Does.Contain("check digit"));
        var phone = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "X", tier = "vip", contacts = new[] { new { phone = "call me maybe" } } }).ExpectAsync(400)).NodeAsync();
        Assert.That(phone.ErrorsFor("contacts[0].phone").Single(), Does.Contain("Not a phone number"));
        var report = await csm.Admin.ImportCsvAsync("externalId,name,tier,creditCode,phone\nA1,Good,vip,91350100M000100Y43,13800138000\nA2,Bad code,vip,91350100M000100Y44,\nA3,Bad phone,vip,,12345\n");
        Assert.That(report["created"]!.GetValue<int>(), Is.EqualTo(1));
        var errors = report["errors"]!.AsArray().Select(e => $"{e!["row"]}:{e["field"]}").ToList();
        Assert.That(errors, Is.EqualTo(new[] { "3:creditCode", "4:contacts[0].phone" }));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(1));
    }

    [Test]
    public async Task Equal_names_go_to_the_duplicates_queue_with_the_evidence_and_can_be_dismissed()
    {
        await using var csm = await CsmFixture.StartAsync();
        var a = await csm.Admin.CreateIdAsync(new { name = "华为技术有限公司", tier = "vip", contacts = new[] { new { email = "a@huawei.example" } } });
        var b = await csm.Admin.CreateIdAsync(new { name = "华为技术（中国）有限公司", tier = "standard", contacts = new[] { new { email = "b@huawei.example" } } });
        var queue = await csm.Admin.GetNodeAsync("/api/customers/duplicates");
        var item = queue["items"]!.AsArray().Single()!;
        Assert.That(item["customer"]!["id"]!.GetValue<long>(), Is.EqualTo(a));
        Assert.That(item["duplicate"]!["id"]!.GetValue<long>(), Is.EqualTo(b));
        Assert.That(item["duplicate"]!["emails"]!.AsArray().Single()!.GetValue<string>(), Is.EqualTo("b@huawei.example"));
        Assert.That(item["shared"]!.AsArray().Select(s => s!.GetValue<string>()), Is.EqualTo(new[] { "name:华为技术" }));

        var agent = await csm.UserAsync("agent");
        await agent.PostAsync($"/api/customers/duplicates/{item["id"]}/dismiss", null).ExpectAsync(403);
        await csm.Admin.PostAsync($"/api/customers/duplicates/{item["id"]}/dismiss", null).ExpectAsync(204);
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/duplicates"))["total"]!.GetValue<long>(), Is.Zero);
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/duplicates?status=dismissed"))["total"]!.GetValue<long>(), Is.EqualTo(1));
        await csm.Admin.PostAsync($"/api/customers/duplicates/{item["id"]}/dismiss", null).ExpectAsync(404);
    }

    [Test]
    public async Task Company_names_one_character_apart_go_to_the_queue_as_similar_and_people_and_short_names_do_not()
    {
        await using var csm = await CsmFixture.StartAsync();
        var first = await csm.Admin.CreateIdAsync(new { name = "宁波金辉电机有限公司", tier = "vip" });
        await csm.Admin.CreateIdAsync(new { name = "杭州金辉电机有限公司", tier = "vip" });   // two characters from the first: another company
        await csm.Admin.CreateIdAsync(new { name = "金光电机", tier = "vip" });
        await csm.Admin.CreateIdAsync(new { name = "Zhang Weiming", kind = "person", tier = "standard" });
        Assert.That((await csm.Admin.GetNodeAsync("/api/customers/duplicates"))["total"]!.GetValue<long>(), Is.Zero);

        var second = await csm.Admin.CreateIdAsync(new { name = "宁波市金辉电机有限公司", tier = "standard" });
        await csm.Admin.CreateIdAsync(new { name = "金辉电机", tier = "vip" });               // four characters, one from 金光电机: too short to say
        await csm.Admin.CreateIdAsync(new { name = "Zhang Weimin", kind = "person", tier = "standard" });
        // From a file: a typo of an English company, and a swapped pair of characters.
        await csm.Admin.CreateIdAsync(new { name = "ACME Trading Co., Ltd.", tier = "vip" });
        var report = await csm.Admin.ImportCsvAsync("externalId,name,tier\nX1,Acme Tradng Ltd,standard\nX2,宁波辉金电机有限公司,standard\n", source: "erp");
        Assert.That(report["likelyDuplicates"]!.GetValue<int>(), Is.EqualTo(2));

        var items = (await csm.Admin.GetNodeAsync("/api/customers/duplicates"))["items"]!.AsArray()
            .Select(i => (Reason: i!["reason"]!.GetValue<string>(), A: i["customer"]!["name"]!.GetValue<string>(), B: i["duplicate"]!["name"]!.GetValue<string>(),
                Shared: i["shared"]!.AsArray().Select(x => x!.GetValue<string>()).ToList())).ToList();
        Assert.That(items.Select(i => (i.Reason, i.A, i.B)), Is.EquivalentTo(new[]
        {
            ("similarName", "宁波金辉电机有限公司", "宁波市金辉电机有限公司"),
            ("similarName", "ACME Trading Co., Ltd.", "Acme Tradng Ltd"),
            ("similarName", "宁波金辉电机有限公司", "宁波辉金电机有限公司"),
        }));
        Assert.That(items[0].Shared, Is.EqualTo(new[] { "similarName:宁波金辉电机 ~ 宁波市金辉电机" }), "the evidence: the two names as compared");
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{second}"))["id"]!.GetValue<long>(), Is.Not.EqualTo(first), "queued, not linked");
    }

    [Test]
    public async Task The_support_sample_imported_from_two_systems_makes_each_customer_once()
    {
        var file = Datasets.Find("customer_support_tickets.csv");
        Assume.That(file, Is.Not.Null, "the shared datasets folder is beside the repository (or CSM_DATASETS names it)");
        var lines = new List<(string Id, string Name, string Email)>();
        await foreach (var f in Csm.Modules.Customers.Import.CsvRecords.ReadAsync(new StreamReader(file!)))
            if (lines.Count < 2000 && f[0] != "Ticket ID") lines.Add((f[0], f[1], f[2]));
        await using var csm = await CsmFixture.StartAsync();
        var emails = lines.Select(l => l.Email.ToLowerInvariant()).Distinct().Count();
        string Csv(string prefix) => "externalId,name,tier,email\n" + string.Concat(lines.DistinctBy(l => l.Email.ToLowerInvariant()).Select(l => $"{prefix}{l.Id},{l.Name},standard,{l.Email}\n"));
        var helpdesk = await csm.Admin.ImportCsvAsync(Csv("T"), source: "helpdesk");
        Assert.That(helpdesk["created"]!.GetValue<int>(), Is.EqualTo(emails));
        var crm = await csm.Admin.ImportCsvAsync(Csv("CRM-").Replace("standard", "vip"), source: "crm");
        Assert.That(crm["created"]!.GetValue<int>(), Is.Zero);
        Assert.That(crm["linked"]!.GetValue<int>(), Is.EqualTo(emails));
        Assert.That(crm["updated"]!.GetValue<int>(), Is.EqualTo(emails));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers"), Is.EqualTo(emails));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_external_ids"), Is.EqualTo(2 * emails));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_customers WHERE tier = 'vip'"), Is.EqualTo(emails));
        var again = await csm.Admin.ImportCsvAsync(Csv("CRM-").Replace("standard", "vip"), source: "crm");
        Assert.That(again["unchanged"]!.GetValue<int>(), Is.EqualTo(emails));
    }

    [Test]
    public async Task Customers_stored_without_match_keys_get_them_at_start_up_and_are_then_recognised()
    {
        await using var csm = await CsmFixture.StartAsync();
        var id = await csm.Admin.CreateIdAsync(new { name = "Old Record", tier = "standard", contacts = new[] { new { email = "old@record.cn", phone = "010-6552 9988" } } });
        await using (var c = await csm.Service<Csm.BuildingBlocks.Data.Db>().OpenAsync())
            await Dapper.SqlMapper.ExecuteAsync(c, "DELETE FROM cus_match_keys");
        await new Csm.Modules.Customers.Data.MatchKeyBackfill().RunAsync(csm.Service<IServiceProvider>(), CancellationToken.None);
        Assert.That(await csm.CountAsync($"SELECT COUNT(*) FROM cus_match_keys WHERE customer_id = {id} AND match_key IN ('old@record.cn', '+861065529988', 'oldrecord')"), Is.EqualTo(3));
        var again = await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "Old record", tier = "standard", contacts = new[] { new { phone = "+86 10 6552 9988" } } }).ExpectAsync(200)).NodeAsync();
        Assert.That(again["id"]!.GetValue<long>(), Is.EqualTo(id));
    }
}

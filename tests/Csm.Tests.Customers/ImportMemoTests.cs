namespace Csm.Tests.Customers;

/// <summary>
/// A re-imported row that nothing has touched since its source last imported it is known unchanged from the memo kept
/// with its external id; anything that could make it count again — another source changing the customer, other import
/// settings, an archived customer — sends it the long way, laid over the customer as it is now.
/// </summary>
public sealed class ImportMemoTests
{
    private const string Header = "externalId,name,tier,accountManager,email\n";
    private const string CrmRow = "C1,Memo Trading Co,vip,li.na,buyer@memo.example.cn\n";

    private static async Task<(int Created, int Updated, int Unchanged, int Failed)> ImportAsync(CsmFixture csm, string csv, string source, string options = "")
    {
        var content = new StringContent(csv, new System.Text.UTF8Encoding(false), "text/csv");
        var report = await (await csm.Admin.PostAsync($"/api/customers/import?source={source}{options}", content).ExpectAsync(200)).NodeAsync();
        return (report["created"]!.GetValue<int>(), report["updated"]!.GetValue<int>(), report["unchanged"]!.GetValue<int>(), report["failed"]!.GetValue<int>());
    }

    [Test]
    public async Task A_row_counts_again_when_another_source_changed_its_customer_or_the_import_says_something_else_and_is_unchanged_otherwise()
    {
        await using var csm = await CsmFixture.StartAsync();
        Assert.That(await ImportAsync(csm, Header + CrmRow, "crm"), Is.EqualTo((1, 0, 0, 0)));
        var id = (await csm.Admin.GetNodeAsync("/api/customers?q=C1"))["items"]![0]!["id"]!.GetValue<long>();
        Assert.That(await ImportAsync(csm, Header + CrmRow, "crm"), Is.EqualTo((0, 0, 1, 0)));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_external_ids WHERE import_memo IS NOT NULL"), Is.EqualTo(1), "the memo is kept when the customer is created");

        // The ERP knows the same buyer (the e-mail links it) and changes the tier: the CRM's unchanged file puts it back.
        Assert.That(await ImportAsync(csm, Header + "E1,Memo Trading Co,standard,,buyer@memo.example.cn\n", "erp"), Is.EqualTo((0, 1, 0, 0)));
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{id}"))["tier"]!.GetValue<string>(), Is.EqualTo("standard"));
        Assert.That(await ImportAsync(csm, Header + CrmRow, "crm"), Is.EqualTo((0, 1, 0, 0)), "the customer changed since the CRM's last import");
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{id}"))["tier"]!.GetValue<string>(), Is.EqualTo("vip"));
        Assert.That(await ImportAsync(csm, Header + CrmRow, "crm"), Is.EqualTo((0, 0, 1, 0)));

        // A blank account manager leaves it; the same file with blank=clear empties it.
        const string blank = "C1,Memo Trading Co,vip,,buyer@memo.example.cn\n";
        Assert.That(await ImportAsync(csm, Header + blank, "crm"), Is.EqualTo((0, 0, 1, 0)));
        Assert.That(await ImportAsync(csm, Header + blank, "crm"), Is.EqualTo((0, 0, 1, 0)));
        Assert.That(await ImportAsync(csm, Header + blank, "crm", "&blank=clear"), Is.EqualTo((0, 1, 0, 0)), "other settings, another result");
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{id}"))["accountManager"], Is.Null);

        // An archived customer is refused, not counted unchanged.
        Assert.That(await ImportAsync(csm, Header + blank, "crm", "&blank=clear"), Is.EqualTo((0, 0, 1, 0)));
        await csm.Admin.DeleteAsync($"/api/customers/{id}").ExpectAsync(204);
        Assert.That(await ImportAsync(csm, Header + blank, "crm", "&blank=clear"), Is.EqualTo((0, 0, 0, 1)));
    }

    [Test]
    public async Task A_row_stating_a_lifecycle_status_is_laid_over_its_customer_every_time()
    {
        await using var csm = await CsmFixture.StartAsync();
        const string header = "externalId,name,tier,lifecycleStatus\n";
        Assert.That(await ImportAsync(csm, header + "L1,Lifecycle Co,vip,atRisk\n", "crm"), Is.EqualTo((1, 0, 0, 0)));
        var id = (await csm.Admin.GetNodeAsync("/api/customers?q=L1"))["items"]![0]!["id"]!.GetValue<long>();
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM cus_external_ids WHERE import_memo IS NOT NULL"), Is.Zero, "no memo: a status can change without a new version");
        Assert.That(await ImportAsync(csm, header + "L1,Lifecycle Co,vip,atRisk\n", "crm"), Is.EqualTo((0, 0, 1, 0)));
        Assert.That((await csm.Admin.GetNodeAsync($"/api/customers/{id}"))["lifecycle"]!["status"]!.GetValue<string>(), Is.EqualTo("atRisk"));
    }
}

namespace Csm.Tests.Customers;

public sealed class CustomerListTests
{
    private CsmFixture _csm = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        _csm = await CsmFixture.StartAsync(clock: Clocks.At(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero)));
        await _csm.Admin.PostJsonAsync("/api/customer-fields", new { key = "industry", label = "Industry", type = "text", required = false }).ExpectAsync(201);
        for (var i = 1; i <= 30; i++)
        {
            var id = await _csm.Admin.CreateIdAsync(new
            {
                name = $"Customer {i:D2}", tier = i % 3 == 0 ? "vip" : "standard", accountManager = i % 2 == 0 ? "li.na" : "tom",
                tags = i % 5 == 0 ? new[] { "renewal-risk" } : Array.Empty<string>(),
                externalIds = new[] { new { source = "crm", id = $"X{i}" } },
                customFields = new { industry = i <= 4 ? "energy" : "retail" },
            });
            if (i <= 3)
                await _csm.Admin.PostJsonAsync($"/api/customers/{id}/contracts", new { number = $"K-{i}", startsOn = "2025-12-01", endsOn = $"2026-12-0{i}", value = 1000 }).ExpectAsync(201);
        }
    }

    [OneTimeTearDown]
    public async Task Stop() => await _csm.DisposeAsync();

    private async Task<(long Total, List<string> Names)> ListAsync(string query)
    {
        var page = await _csm.Admin.GetNodeAsync("/api/customers?" + query);
        return (page["total"]!.GetValue<long>(), page["items"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList());
    }

    [Test]
    public async Task Filters_narrow_the_list()
    {
        Assert.That((await ListAsync("tier=vip")).Total, Is.EqualTo(10));
        Assert.That((await ListAsync("tag=renewal-risk")).Names, Is.EqualTo(new[] { "Customer 05", "Customer 10", "Customer 15", "Customer 20", "Customer 25", "Customer 30" }));
        Assert.That((await ListAsync("accountManager=li.na&tier=vip")).Total, Is.EqualTo(5));
        Assert.That((await ListAsync("field=industry:energy")).Names, Is.EqualTo(new[] { "Customer 01", "Customer 02", "Customer 03", "Customer 04" }));
        Assert.That((await ListAsync("q=X17")).Names, Is.EqualTo(new[] { "Customer 17" }), "an exact external id finds its customer");
        Assert.That((await ListAsync("q=customer%202")).Total, Is.EqualTo(10), "20..29 by name substring, case-insensitive");
    }

    [Test]
    public async Task Contract_ending_before_keeps_customers_with_an_active_contract_ending_by_then()
    {
        var (total, names) = await ListAsync("contractEndsBefore=2026-12-02");
        Assert.That(names, Is.EqualTo(new[] { "Customer 01", "Customer 02" }));
        Assert.That(total, Is.EqualTo(2));
        var page = await _csm.Admin.GetNodeAsync("/api/customers?contractEndsBefore=2026-12-02");
        Assert.That(page["items"]![0]!["nextContractEnd"]!.GetValue<string>(), Is.EqualTo("2026-12-01"));
    }

    [Test]
    public async Task Paging_is_capped_and_past_the_end_is_an_empty_page()
    {
        var second = await _csm.Admin.GetNodeAsync("/api/customers?page=2&pageSize=20");
        Assert.That(second["items"]!.AsArray().Count, Is.EqualTo(10));
        Assert.That(second["items"]![0]!["name"]!.GetValue<string>(), Is.EqualTo("Customer 21"));
        var past = await _csm.Admin.GetNodeAsync("/api/customers?page=99&pageSize=20");
        Assert.That(past["items"]!.AsArray(), Is.Empty);
        Assert.That(past["total"]!.GetValue<long>(), Is.EqualTo(30));
        var capped = await _csm.Admin.GetNodeAsync("/api/customers?pageSize=100000");
        Assert.That(capped["pageSize"]!.GetValue<int>(), Is.EqualTo(200));
    }

    [Test]
    public async Task Bad_filters_are_400_naming_them()
    {
        var problem = await _csm.Admin.GetNodeAsync("/api/customers?tier=gold&field=nosuch:1", 400);
        Assert.That(problem.ErrorsFor("tier"), Is.Not.Empty);
        Assert.That(problem.ErrorsFor("field").Single(), Does.Contain("not a custom field"));
        var badDate = await _csm.Admin.GetAsync("/api/customers?contractEndsBefore=yesterday");
        Assert.That((int)badDate.StatusCode, Is.EqualTo(400));
    }
}

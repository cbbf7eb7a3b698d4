using System.Text.Json;
using Bogus;
using Csm.BuildingBlocks.Modules;
using Csm.Modules.Customers.Contracts;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Modules.Customers.Demo;

/// <summary>
/// A living customer base for a first look: Chinese and English names, every tier, contracts ending soon,
/// equipment due for maintenance, orders and interactions. Runs only with --demo on an empty customer table.
/// </summary>
internal sealed class CustomersDemo : IDemoData
{
    public int Order => 10;

    public async Task SeedAsync(IServiceProvider services, CancellationToken ct)
    {
        var session = services.GetRequiredService<DbSession>();
        var outbox = services.GetRequiredService<Outbox>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        if (await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM cus_customers", transaction: tx) > 0) return;

        await c.ExecuteAsync(
            "INSERT INTO cus_custom_fields (field_key, label, field_type, required, choices, created_at) VALUES (@Key, @Label, @Type, 0, @Choices, @Now)",
            new[]
            {
                new { Key = "industry", Label = "Industry / 行业", Type = "choice", Choices = JsonSerializer.Serialize(Industries), Now = now },
                new { Key = "region", Label = "Region / 区域", Type = "text", Choices = "[]", Now = now },
                new { Key = "employees", Label = "Employees / 员工数", Type = "number", Choices = "[]", Now = now },
            }, tx);

        Randomizer.Seed = new Random(20261123);
        var zh = new Faker("zh_CN");
        var en = new Faker("en");
        var managers = new[] { "li.na", "wang.wei", "sarah.chen", "tom.baker" };
        var events = new List<IntegrationEvent>();
        for (var i = 0; i < 120; i++)
        {
            var chinese = i % 3 != 2;
            var f = chinese ? zh : en;
            var company = i % 4 != 0;
            var tier = i % 10 == 0 ? "vip" : i % 10 < 7 ? "standard" : "prospect";
            var name = company ? (chinese ? f.Address.City() + f.PickRandom(ChineseCompanySuffixes) : f.Company.CompanyName()) : PersonName(f, chinese);
            var state = CustomerState.From(new CustomerInput
            {
                Name = name,
                Kind = company ? "company" : "person",
                Tier = tier,
                AccountManager = tier == "prospect" ? null : managers[i % managers.Length],
                Language = chinese ? "zh-CN" : "en",
                Contacts = [new Contact(company ? PersonName(f, chinese) : name, company ? f.PickRandom("采购", "IT", "Operations", "Facilities") : null,
                    chinese ? "1" + f.Random.ReplaceNumbers("3########") : en.Phone.PhoneNumber("+1 ###-###-####"), $"demo{i}@example.com",
                    chinese ? "wx_" + f.Random.AlphaNumeric(8) : null, IsPrimary: true)],
                Tags = f.PickRandom(TagSets),
                ExternalIds = [new ExternalId("crm", $"C{10000 + i}")],
            }, new Dictionary<string, JsonElement>
            {
                ["industry"] = JsonSerializer.SerializeToElement(f.PickRandom(Industries)),
                ["region"] = JsonSerializer.SerializeToElement(chinese ? f.PickRandom("华东", "华南", "华北", "西南") : f.PickRandom("EMEA", "Americas", "APAC")),
                ["employees"] = JsonSerializer.SerializeToElement(company ? f.Random.Int(5, 5000) : 1),
            });
            var id = await CustomerStore.InsertAsync(c, tx, session.Dialect, state, now.AddDays(-f.Random.Int(30, 900)));
            events.Add(state.ToEvent(id, 1, created: true));
            if (tier == "prospect") continue;

            // Every fifth customer's contract ends within 45 days: the renewal rules have something to find.
            var endsOn = i % 5 == 0 ? today.AddDays(5 + i % 40) : today.AddDays(f.Random.Int(60, 700));
            var startsOn = endsOn.AddYears(-1);
            var value = Math.Round(f.Random.Decimal(20_000, tier == "vip" ? 2_000_000 : 300_000), 2);
            var number = $"HT-{today.Year}-{1000 + i}";
            var contractId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_contracts",
                "customer_id, number, starts_on, ends_on, value, status, version, updated_at", "@Id, @Number, @StartsOn, @EndsOn, @Value, 'active', 1, @Now"),
                new { Id = id, Number = number, StartsOn = startsOn, EndsOn = endsOn, Value = value, Now = now }, tx);
            events.Add(new ContractUpserted(contractId, id, number, startsOn, endsOn, value, "active"));

            var model = f.PickRandom(Models);
            var installed = today.AddDays(-f.Random.Int(100, 1500));
            var maintenance = i % 4 == 1 ? today.AddDays(i % 14) : today.AddDays(f.Random.Int(20, 180));
            var serial = "SN" + f.Random.AlphaNumeric(10).ToUpperInvariant();
            var assetId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_assets",
                "customer_id, model, serial_number, installed_on, next_maintenance_on, version, updated_at", "@Id, @Model, @Serial, @Installed, @Next, 1, @Now"),
                new { Id = id, Model = model, Serial = serial, Installed = installed, Next = maintenance, Now = now }, tx);
            events.Add(new AssetUpserted(assetId, id, model, serial, installed, maintenance));

            for (var k = 0; k < 3; k++)
            {
                var orderedOn = today.AddDays(-f.Random.Int(10, 700));
                var amount = Math.Round(f.Random.Decimal(500, 80_000), 2);
                var product = f.PickRandom(Products);
                var orderId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_orders",
                    "customer_id, ordered_on, amount, product, created_at", "@Id, @On, @Amount, @Product, @Now"),
                    new { Id = id, On = orderedOn, Amount = amount, Product = product, Now = now }, tx);
                events.Add(new OrderRecorded(orderId, id, orderedOn, amount, product));
            }
            for (var k = 0; k < 4; k++)
            {
                var at = now.AddDays(-f.Random.Double(0, i % 7 == 3 ? 200 : 80));
                var channel = f.PickRandom(Vocabulary.Channels);
                var direction = f.PickRandom(Vocabulary.Directions);
                var summary = chinese ? f.PickRandom(ChineseSummaries) : f.PickRandom(EnglishSummaries);
                var agent = managers[(i + k) % managers.Length];
                var interactionId = await c.ExecuteScalarAsync<long>(session.Dialect.InsertReturningId("cus_interactions",
                    "customer_id, channel, direction, summary, agent, interacted_at", "@Id, @Channel, @Direction, @Summary, @Agent, @At"),
                    new { Id = id, Channel = channel, Direction = direction, Summary = summary, Agent = agent, At = at }, tx);
                events.Add(new InteractionRecorded(interactionId, id, channel, direction, summary, agent, at));
            }
        }
        await outbox.AddRangeAsync(events, ct);
        await session.CommitAsync(ct);
    }

    // Chinese names are surname then given name, with no space.
    private static string PersonName(Faker f, bool chinese) => chinese ? f.Name.LastName() + f.Name.FirstName() : f.Name.FullName();

    private static readonly string[] Industries = ["manufacturing", "healthcare", "retail", "education", "logistics", "energy"];
    private static readonly string[] ChineseCompanySuffixes = ["精密机械有限公司", "医疗设备有限公司", "物流集团", "智能制造股份有限公司", "能源科技有限公司"];
    private static readonly string[][] TagSets = [["key-account"], ["key-account", "multi-site"], ["new"], [], ["renewal-risk"], ["reference-customer"]];
    private static readonly string[] Models = ["CNC-5200", "XR-Imaging 3", "ColdChain C40", "PLC-S7", "UPS-3000"];
    private static readonly string[] Products = ["Spare parts kit", "Annual maintenance", "Extended warranty", "Operator training", "Firmware upgrade"];
    private static readonly string[] ChineseSummaries =
        ["客户来电询问设备保养计划", "上门巡检，设备运行正常", "微信沟通续约意向", "投诉维修响应慢，已安抚并升级处理", "发送新产品资料"];
    private static readonly string[] EnglishSummaries =
        ["Called about the maintenance schedule", "On-site check, all running", "E-mailed renewal quote", "Complained about slow repair; escalated", "Demo of the new model"];
}

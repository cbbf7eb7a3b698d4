using System.Globalization;
using Csm.BuildingBlocks.Templates;
using Csm.Modules.Rules.Evaluation;
using Csm.Modules.Rules.Facts;

namespace Csm.Modules.Rules.Templates;

/// <summary>The placeholders of the rules' messages for one real customer, from what Rules knows of them.</summary>
internal sealed class RulesMessagePreview(Db db, RulesCalendar calendar) : IMessagePreview
{
    public string Module => ActionRunner.Module;

    private sealed record Known
    {
        public string? Name { get; init; }
        public string? AccountManager { get; init; }
        public DateOnly? ContractEnd { get; init; }
        public DateOnly? Maintenance { get; init; }
        public string? ContractNumber { get; init; }
        public string? Model { get; init; }
    }

    public async Task<IReadOnlyDictionary<string, string?>?> ValuesAsync(string kind, long customerId, string language, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        // The same facts a rule's run reads (FactCatalog), so the preview shows what the e-mail will say.
        string Sql(string fact) => FactCatalog.Find(fact)!.Sql;
        var known = await c.QuerySingleOrDefaultAsync<Known>(
            $"""
            SELECT f.name, f.account_manager AS AccountManager,
              {Sql("contractNumber")} AS ContractNumber, {Sql("nextMaintenanceModel")} AS Model,
              (SELECT MIN(k.ends_on) FROM rul_contracts k WHERE k.customer_id = f.customer_id AND k.ends_on >= @Today
                 AND k.status NOT IN ('cancelled', 'canceled', 'terminated', 'expired')) AS ContractEnd,
              (SELECT MIN(a.next_maintenance_on) FROM rul_assets a WHERE a.customer_id = f.customer_id) AS Maintenance
            FROM rul_customer_facts f WHERE f.customer_id = @Id
            """, new { Id = customerId, calendar.Today });
        if (known is null) return null;
        var today = calendar.Today;
        var chinese = TemplateLanguages.IsChinese(language);
        string? Date(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        string? Days(DateOnly? d) => d is { } day ? (day.DayNumber - today.DayNumber).ToString(CultureInfo.InvariantCulture) : null;
        return new Dictionary<string, string?>
        {
            ["customerName"] = known.Name,
            ["accountManager"] = known.AccountManager,
            ["contractNumber"] = known.ContractNumber,
            ["nextMaintenanceModel"] = known.Model,
            ["daysToContractEnd"] = Days(known.ContractEnd),
            ["contractEndDate"] = Date(known.ContractEnd),
            ["daysToNextMaintenance"] = Days(known.Maintenance),
            ["maintenanceDueDate"] = Date(known.Maintenance),
            ["today"] = Date(today),
            ["ruleName"] = chinese ? "合同到期关怀（示例）" : "Contract care (example)",
            ["message"] = chinese ? "请致电客户，商谈续约。" : "Call the customer about the renewal.",
            ["reason"] = chinese ? "示例：合同 30 天内到期" : "Example: the contract ends within 30 days",
        };
    }
}

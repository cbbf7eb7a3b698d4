using System.Text;

namespace Csm.Tests.Customers;

/// <summary>
/// The public telco churn sample, said in Csm's import format: the contract kind gives the tier (two-year = vip,
/// one-year = standard, month-to-month = prospect) and the rest become custom fields. Blank cells stay blank.
/// </summary>
public static class TelcoSample
{
    public static async Task DefineFieldsAsync(HttpClient admin)
    {
        await admin.PostJsonAsync("/api/customer-fields", new { key = "contract", label = "Contract", type = "choice", required = false, choices = new[] { "Month-to-month", "One year", "Two year" } }).ExpectAsync(201);
        await admin.PostJsonAsync("/api/customer-fields", new { key = "monthlyCharges", label = "Monthly charges", type = "number", required = false }).ExpectAsync(201);
        await admin.PostJsonAsync("/api/customer-fields", new { key = "tenure", label = "Tenure (months)", type = "number", required = false }).ExpectAsync(201);
        await admin.PostJsonAsync("/api/customer-fields", new { key = "churn", label = "Churned", type = "choice", required = false, choices = new[] { "Yes", "No" } }).ExpectAsync(201);
    }

    public static (string Csv, Dictionary<string, long> TierCounts) ToImportCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var (id, gender, contract, monthly, tenure, churn) = (Col("customerID"), Col("gender"), Col("Contract"), Col("MonthlyCharges"), Col("tenure"), Col("Churn"));
        var csv = new StringBuilder("externalId,name,tier,kind,tags,cf.contract,cf.monthlyCharges,cf.tenure,cf.churn\n");
        var tiers = new Dictionary<string, long> { ["vip"] = 0, ["standard"] = 0, ["prospect"] = 0 };
        foreach (var line in lines.Skip(1))
        {
            var f = line.Split(',');
            var tier = f[contract] switch { "Two year" => "vip", "One year" => "standard", _ => "prospect" };
            tiers[tier]++;
            csv.Append(f[id]).Append(",Telco customer ").Append(f[id]).Append(',').Append(tier).Append(",person,")
               .Append(string.IsNullOrEmpty(f[gender]) ? "" : f[gender].ToLowerInvariant()).Append(',')
               .Append(f[contract]).Append(',').Append(f[monthly]).Append(',').Append(f[tenure]).Append(',').Append(f[churn]).Append('\n');
        }
        return (csv.ToString(), tiers);
    }
}

using System.Net.Http.Json;
using System.Text;

namespace Csm.Bench;

/// <summary>The telco churn sample in Csm's import format (the same mapping as the customers tests use).</summary>
internal static class Telco
{
    public static async Task DefineFieldsAsync(HttpClient admin)
    {
        await admin.PostAsJsonAsync("/api/customer-fields", new { key = "contract", label = "Contract", type = "choice", required = false, choices = new[] { "Month-to-month", "One year", "Two year" } });
        await admin.PostAsJsonAsync("/api/customer-fields", new { key = "monthlyCharges", label = "Monthly charges", type = "number", required = false });
        await admin.PostAsJsonAsync("/api/customer-fields", new { key = "tenure", label = "Tenure (months)", type = "number", required = false });
        await admin.PostAsJsonAsync("/api/customer-fields", new { key = "churn", label = "Churned", type = "choice", required = false, choices = new[] { "Yes", "No" } });
    }

    public static string ToImportCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines[0].Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var (id, contract, monthly, tenure, churn) = (Col("customerID"), Col("Contract"), Col("MonthlyCharges"), Col("tenure"), Col("Churn"));
        var csv = new StringBuilder("externalId,name,tier,kind,cf.contract,cf.monthlyCharges,cf.tenure,cf.churn\n");
        foreach (var f in lines.Skip(1).Select(l => l.Split(',')))
        {
            var tier = f[contract] switch { "Two year" => "vip", "One year" => "standard", _ => "prospect" };
            csv.Append($"{f[id]},Telco customer {f[id]},{tier},person,{f[contract]},{f[monthly]},{f[tenure]},{f[churn]}\n");
        }
        return csv.ToString();
    }
}

internal static class Generated
{
    private static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
    private static readonly string[] Given = ["伟", "芳", "娜", "敏", "静", "强", "磊", "洋", "艳", "勇"];
    private static readonly string[] Tiers = ["vip", "standard", "standard", "standard", "prospect"];

    /// <summary>Customers with a contact, tags and an account manager, half with Chinese names.</summary>
    public static string CustomersCsv(int count)
    {
        var csv = new StringBuilder("externalId,name,tier,kind,accountManager,email,phone,tags\n");
        for (var i = 0; i < count; i++)
        {
            var name = i % 2 == 0 ? Surnames[i % 10] + Given[i / 10 % 10] + Given[i / 100 % 10] : $"Customer {i:D6} Ltd";
            csv.Append($"G{i:D7},{name},{Tiers[i % Tiers.Length]},{(i % 2 == 0 ? "person" : "company")},am{i % 20},c{i}@example.com,+86 138{i:D8},segment-{i % 7};region-{i % 4}\n");
        }
        return csv.ToString();
    }
}

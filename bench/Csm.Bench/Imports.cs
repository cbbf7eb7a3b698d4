using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Csm.Bench;

/// <summary>An import timed from outside: the POST, and for a file large enough to run in the background, its job until it ends.</summary>
public static class Imports
{
    public static async Task<(JsonObject Report, double Seconds)> RunAsync(HttpClient client, string csv, string source)
    {
        var started = Stopwatch.GetTimestamp();
        var response = await client.PostAsync($"/api/customers/import?source={source}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        response.EnsureSuccessStatusCode();
        var report = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        if (response.StatusCode == System.Net.HttpStatusCode.Accepted)
        {
            var location = response.Headers.Location!.ToString();
            while (report["state"]!.GetValue<string>() == "running")
            {
                await Task.Delay(100);
                report = (await client.GetFromJsonAsync<JsonObject>(location))!;
            }
            if (report["state"]!.GetValue<string>() != "completed") throw new InvalidOperationException($"The import ended {report["state"]}: {report["reason"]}");
            report["total"] = report["rowsRead"]!.GetValue<long>();
        }
        return (report, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    public static string Line(string name, JsonObject report, double seconds)
    {
        var total = report["total"]!.GetValue<long>();
        return $"{name,-44} {total,8:N0} rows in {seconds,6:N2} s = {total / seconds,9:N0} rows/s " +
               $"(created {report["created"]}, updated {report["updated"]}, unchanged {report["unchanged"]}, failed {report["failed"]})";
    }
}

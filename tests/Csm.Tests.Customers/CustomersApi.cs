using System.Text;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Messaging;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Customers;

/// <summary>What the customer tests say to the API, so each test reads as the behaviour it checks.</summary>
internal static class CustomersApi
{
    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> CreateAsync(this HttpClient client, object customer) =>
        await (await client.PostJsonAsync("/api/customers", customer).ExpectAsync(201)).NodeAsync();

    public static async Task<long> CreateIdAsync(this HttpClient client, object customer) =>
        (await client.CreateAsync(customer))["id"]!.GetValue<long>();

    public static async Task<JsonNode> GetNodeAsync(this HttpClient client, string url, int status = 200) =>
        await (await client.GetAsync(url).ExpectAsync(status)).NodeAsync();

    public static async Task<JsonNode> ImportCsvAsync(this HttpClient client, string csv, string? source = "crm", int status = 200)
    {
        var content = new StringContent(csv, new UTF8Encoding(false), "text/csv");
        return await (await client.PostAsync("/api/customers/import" + (source is null ? "" : "?source=" + source), content).ExpectAsync(status)).NodeAsync();
    }

    /// <summary>The error messages a 400 gives for a field.</summary>
    public static string[] ErrorsFor(this JsonNode problem, string field) =>
        problem["errors"]?[field]?.AsArray().Select(e => e!.GetValue<string>()).ToArray() ?? [];

    public static async Task<List<string>> OutboxTypesAsync(this CsmFixture csm)
    {
        await using var c = await csm.Service<Db>().OpenAsync();
        return (await c.QueryAsync<string>("SELECT type FROM outbox_messages ORDER BY id")).Select(t => t[(t.LastIndexOf('.') + 1)..]).ToList();
    }
}

using NUnit.Framework;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Csm.Testing;

public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        try
        {
            return JsonSerializer.Deserialize<T>(body, Options)!;
        }
        catch (JsonException e)
        {
            throw new AssertionException($"Could not read {typeof(T).Name} from {(int)response.StatusCode}: {body}", e);
        }
    }

    public static async Task<JsonNode> NodeAsync(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(body) ?? throw new AssertionException($"Empty body with {(int)response.StatusCode}");
    }

    public static Task<HttpResponseMessage> PostJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, Options);

    public static Task<HttpResponseMessage> PutJsonAsync<T>(this HttpClient client, string url, T body) =>
        client.PutAsJsonAsync(url, body, Options);

    /// <summary>Fails with the response body when the status is not the expected one, so a failure says why.</summary>
    public static async Task<HttpResponseMessage> ExpectAsync(this Task<HttpResponseMessage> call, int status)
    {
        var response = await call;
        if ((int)response.StatusCode != status)
        {
            Assert.Fail($"Expected {status} but got {(int)response.StatusCode} {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {await response.Content.ReadAsStringAsync()}");
        }
        return response;
    }
}

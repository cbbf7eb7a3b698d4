using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Auth;
using Csm.Testing;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Csm.Tests.Host;

/// <summary>
/// Every operation of the OpenAPI document, sent generated input — wrong types, nulls, huge strings, huge and negative
/// numbers, deep nesting, unknown enum values, NUL, emoji and right-to-left text, duplicate keys, bodies that are not
/// JSON, fields the operation does not have — with no credentials, as an agent, an account manager, a manager and an
/// admin, and with an API key limited to some modules. A finding is a 5xx, a 2xx to a body no operation can take (not
/// JSON, not an object, nested past any limit, a value of the wrong type, an enum value that does not exist, a field
/// the operation does not have), or a 2xx for a caller the endpoint's policies or module scope do not admit. The seed and the count are fixed
/// for CI (CSM_FUZZ_SEED, CSM_FUZZ_PER_OPERATION change them; `dotnet cake --target=Fuzz` runs a longer one).
/// </summary>
public sealed class OperationFuzzTests
{
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CSM_FUZZ_SEED"), out var s) ? s : 20261203;
    private static readonly int PerOperation = int.TryParse(Environment.GetEnvironmentVariable("CSM_FUZZ_PER_OPERATION"), out var n) ? n : 12;

    /// <param name="Scopes">The modules an API key may reach; null for a person, whom no scope limits.</param>
    private sealed record Caller(string Name, HttpClient Client, string[] Policies, string[]? Scopes = null)
    {
        public bool Admits(Access access) =>
            access.Policies is null
            || (access.Policies.All(Policies.Contains) && (Scopes is null || Scopes.Contains("*") || access.Scopes.All(Scopes.Contains)));
    }

    /// <summary>What an endpoint asks of a caller: its policies (null when anyone may call it) and an API key's module scopes.</summary>
    private sealed record Access(string[]? Policies, string[] Scopes);

    /// <summary>A generated request, and whether no operation could rightly accept it.</summary>
    private sealed record Attempt(string Path, string? Body, string ContentType, bool Invalid, string What);

    [Test]
    public async Task Every_operation_answers_generated_input_without_a_5xx_or_a_success_it_should_not_give()
    {
        await using var csm = await CsmFixture.StartAsync();
        var customer = (await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "模糊测试客户 Fuzz", tier = "vip" }).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();
        await csm.Admin.PostJsonAsync("/api/tickets", new { customerId = customer, typeCode = "repair", channel = "phone", priority = "normal", subject = "Fuzz" }).ExpectAsync(201);

        var document = JsonNode.Parse(await (await csm.Anonymous().GetAsync("/swagger/v1/swagger.json").ExpectAsync(200)).Content.ReadAsStringAsync())!;
        var endpoints = await EndpointAccessAsync(csm);
        Assert.That((endpoints["GET /api/customers"].Scopes, endpoints["GET /api/users"].Scopes), Is.EqualTo((new[] { "customers" }, Array.Empty<string>())),
            "the module scope is read from the endpoint's own policy");
        string[] keyScopes = ["customers", "surveys"];
        // The admin's DELETE /api/api-keys/1 would revoke the fuzzing key halfway through: it gets a later id.
        await csm.ApiKeyClientAsync(Roles.Agent);
        Caller[] callers =
        [
            new("anonymous", csm.Anonymous(), []),
            new("agent", await csm.UserAsync(Roles.Agent), HeldBy(Roles.Agent)),
            new("account manager", await csm.UserAsync(Roles.AccountManager), HeldBy(Roles.AccountManager)),
            new("manager", await csm.UserAsync(Roles.Manager), HeldBy(Roles.Manager)),
            new("admin", csm.Admin, HeldBy(Roles.Admin)),
            new("manager API key (customers, surveys)", await csm.ApiKeyClientAsync(Roles.Manager, keyScopes), HeldBy(Roles.Manager), keyScopes),
        ];

        var findings = new List<string>();
        int operations = 0, requests = 0;
        var successes = callers.ToDictionary(c => c.Name, _ => 0);
        foreach (var (path, method, operation) in Operations(document))
        {
            operations++;
            var key = $"{method} {path}";
            var access = endpoints.TryGetValue(key, out var a) ? a : throw new InvalidOperationException($"{key} is in the document but not among the endpoints");
            // Not HashCode.Combine: it is seeded afresh in every process, and a finding must come back with its seed.
            var random = new Random(unchecked(Seed * 31 + StableHash(key)));
            var generator = new Generator(document, random);
            for (var i = 0; i < PerOperation; i++)
            {
                var attempt = generator.Attempt(path, operation, customer);
                foreach (var caller in callers)
                {
                    requests++;
                    using var request = new HttpRequestMessage(new HttpMethod(method), attempt.Path);
                    if (attempt.Body is not null) request.Content = new StringContent(attempt.Body, Encoding.UTF8, attempt.ContentType);
                    using var response = await caller.Client.SendAsync(request);
                    var status = (int)response.StatusCode;
                    if (status is >= 200 and < 300) successes[caller.Name]++;
                    string? finding = status >= 500 ? "a server error"
                        : status is >= 200 and < 300 && !caller.Admits(access)
                            ? $"a success for {caller.Name}, whom the policies ({string.Join(", ", access.Policies!)}) and scopes ({string.Join(", ", access.Scopes)}) do not admit"
                        : status is >= 200 and < 300 && attempt.Invalid ? "a success for a body no operation can take"
                        : null;
                    if (finding is null) continue;
                    var body = await response.Content.ReadAsStringAsync();
                    findings.Add($"{key} as {caller.Name}: {status}, {finding} — {attempt.What}: {method} {attempt.Path} {Cut(attempt.Body, 300)} → {Cut(body, 300)}");
                }
            }
        }
        foreach (var finding in findings) TestContext.Out.WriteLine("FINDING " + finding);
        TestContext.Out.WriteLine($"Fuzzed {operations} operations with {requests} requests (seed {Seed}, {PerOperation} inputs per operation, {callers.Length} callers): {findings.Count} findings");
        TestContext.Out.WriteLine("Successes per caller: " + string.Join(", ", successes.Select(x => $"{x.Key} {x.Value}")));
        Assert.That(callers.Skip(1).Where(c => successes[c.Name] <= successes["anonymous"]).Select(c => c.Name), Is.Empty,
            "every signed-in caller stayed signed in and got further than no credentials");
        Assert.That(operations, Is.GreaterThan(100));
        Assert.That(findings, Is.Empty, string.Join("\n", findings.Take(40)));
    }

    private static string Cut(string? text, int length) => text is null ? "" : text.Length <= length ? text : text[..length] + $"…({text.Length} chars)";

    private static int StableHash(string text) => text.Aggregate(17, (h, c) => unchecked(h * 31 + c));

    private static IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(JsonNode document) =>
        document["paths"]!.AsObject().SelectMany(path => path.Value!.AsObject()
            .Where(m => m.Key is "get" or "post" or "put" or "delete" or "patch")
            .Select(m => (path.Key, m.Key.ToUpperInvariant(), m.Value!.AsObject())));

    /// <summary>The policies a role satisfies: staff, and each permission of the matrix it holds.</summary>
    private static string[] HeldBy(string role) => [Policies.Staff, .. Can.Matrix.Where(p => p.Roles.Contains(role)).Select(p => p.Name)];

    /// <summary>
    /// For each endpoint ("POST /api/customers"), the policies a caller must meet and the module scopes an API key needs,
    /// read from the endpoint's metadata: the scope is a requirement of the policy FastEndpoints builds for the endpoint.
    /// </summary>
    private static async Task<Dictionary<string, Access>> EndpointAccessAsync(CsmFixture csm)
    {
        var provider = csm.Services.GetRequiredService<IAuthorizationPolicyProvider>();
        var map = new Dictionary<string, Access>();
        foreach (var endpoint in csm.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            // The document writes "{id}" where the route says "{id:long}".
            var route = System.Text.RegularExpressions.Regex.Replace("/" + endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{(\w+)[:?][^}]*\}", "{$1}");
            var anonymous = endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null;
            // FastEndpoints adds a policy of its own per endpoint ("epPolicy:..."), made of the policies named here.
            var names = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Distinct().ToArray();
            var policies = names.Where(x => !x.StartsWith("epPolicy:", StringComparison.Ordinal)).ToArray();
            var scopes = new List<string>();
            foreach (var name in names)
                scopes.AddRange((await provider.GetPolicyAsync(name))?.Requirements.OfType<ModuleScopeRequirement>().Select(r => r.Scope) ?? []);
            foreach (var method in endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [])
                map[$"{method} {route}"] = new Access(anonymous ? null : policies, scopes.Distinct().ToArray());
        }
        return map;
    }

    /// <summary>Builds requests from an operation's parameters and body schema, each with one thing wrong or odd.</summary>
    private sealed class Generator(JsonNode document, Random random)
    {
        private static readonly string[] OddTexts =
        [
            "", " ", "x", "null", "0", "-1", "1e309", "NaN", "a\0b", "😀👍🏽", "\u202Eevil\u202C", "مرحبا", "上海申通精密机械有限公司",
            "'; DROP TABLE cus_customers; --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "\uFFFF", "2026-02-30",
        ];

        public Attempt Attempt(string template, JsonObject operation, long customer)
        {
            var what = new List<string>();
            var path = template;
            var query = new List<string>();
            foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
            {
                var name = parameter!["name"]!.GetValue<string>();
                var schema = Resolve(parameter["schema"]);
                var located = parameter["in"]!.GetValue<string>();
                if (located == "path")
                    path = path.Replace("{" + name + "}", Uri.EscapeDataString(PathValue(schema, customer)));
                else if (located == "query" && random.Next(3) == 0)
                    query.Add($"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(OddScalar(schema))}");
            }
            if (query.Count > 0) path += "?" + string.Join("&", query);

            var content = operation["requestBody"]?["content"]?.AsObject();
            if (content is null) return new Attempt(path, null, "application/json", false, "no body");
            if (content["application/json"]?["schema"] is not { } bodySchema)
            {
                var type = content.First().Key;
                return new Attempt(path, Pick(OddTexts) + "\n" + new string('x', random.Next(0, 3000)), type, false, $"an odd {type} body");
            }
            var resolved = Resolve(bodySchema);
            switch (random.Next(12))
            {
                case 0: return new Attempt(path, Pick(["{", "{\"a\":", "not json", "\0", "{}}", "[1,]"]), "application/json", true, "not JSON");
                case 1 when Type(resolved) == "object": return new Attempt(path, Pick(["[]", "\"text\"", "42", "true"]), "application/json", true, "JSON but not an object");
                case 2: return new Attempt(path, new string('[', 2000) + new string(']', 2000), "application/json", true, "nested 2,000 deep");
                case 3: return new Attempt(path, "{}", "application/json", false, "an empty object");
                case 4: return new Attempt(path, "null", "application/json", false, "null");
            }
            var body = Sample(resolved, 0, customer);
            var invalid = false;
            if (body is JsonObject o && o.Count > 0)
            {
                var property = o.ElementAt(random.Next(o.Count)).Key;
                var propertySchema = Resolve(resolved["properties"]?[property]);
                (o[property], invalid, var change) = Mutate(propertySchema, o[property]?.DeepClone());
                what.Add($"'{property}' {change}");
            }
            if (random.Next(10) == 0 && body is JsonObject extra)
            {
                // A field the operation does not take: refused, never dropped without a word.
                extra["notAField"] = "typo";
                invalid = true;
                what.Add("a field the operation does not have");
            }
            var text = body?.ToJsonString() ?? "null";
            if (random.Next(8) == 0 && body is JsonObject { Count: > 0 } dup)
            {
                // A duplicate key: the same property twice, the second time with another value.
                var first = dup.First();
                text = text[..^1] + $",\"{first.Key}\":{Sample(Resolve(resolved["properties"]?[first.Key]), 0, customer)?.ToJsonString() ?? "null"}}}";
                what.Add($"'{first.Key}' twice");
            }
            return new Attempt(path, text, "application/json", invalid, what.Count == 0 ? "a plausible body" : string.Join(", ", what));
        }

        private (JsonNode? Value, bool Invalid, string What) Mutate(JsonNode? schema, JsonNode? value)
        {
            var type = Type(schema);
            var enumValues = schema?["enum"]?.AsArray();
            switch (random.Next(7))
            {
                case 0: return (null, false, "null");
                case 1 when type is "integer" or "number": return (JsonValue.Create("nine"), true, "text for a number");
                case 1 when type is "string" && enumValues is null && (schema?["format"] is null): return (JsonValue.Create(random.Next()), false, "a number for a text");
                case 1 when type is "array": return (new JsonObject { ["a"] = 1 }, true, "an object for a list");
                case 1 when type is "boolean": return (JsonValue.Create("yes"), true, "text for a yes/no");
                case 2 when enumValues is not null: return (JsonValue.Create("notAValue"), true, "an enum value that does not exist");
                case 2 when type is "integer": return (JsonValue.Create(Pick([long.MaxValue, long.MinValue, -1L, 0L, int.MaxValue + 1L])), false, "an extreme integer");
                case 2 when type is "number": return (JsonValue.Create(Pick([1e308, -1e308, -0.0, double.Epsilon])), false, "an extreme number");
                case 3 when type is "string": return (JsonValue.Create(new string(Pick(['a', '慢', '\u202E']), Pick([300, 5_000, 200_000]))), false, "a huge text");
                case 4 when type is "string": return (JsonValue.Create(Pick(OddTexts)), false, "an odd text");
                case 5 when type is "array": return (new JsonArray(Enumerable.Range(0, Pick([0, 50, 5_000])).Select(_ => value is JsonArray { Count: > 0 } a ? a[0]?.DeepClone() : null).ToArray()), false, "a long or empty list");
                case 6: return (Nest(30), type is not ("object" or "array"), "nested 30 deep");
            }
            return (value, false, "unchanged");
        }

        private static JsonNode Nest(int depth)
        {
            JsonNode node = new JsonArray();
            for (var i = 0; i < depth; i++) node = new JsonObject { ["a"] = node };
            return node;
        }

        private JsonNode? Sample(JsonNode? schema, int depth, long customer)
        {
            if (schema is null) return null;
            if (schema["enum"] is JsonArray values && values.Count > 0) return values[random.Next(values.Count)]!.DeepClone();
            switch (Type(schema))
            {
                case "object":
                    var result = new JsonObject();
                    if (depth > 4) return result;
                    foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
                        result[name] = name.EndsWith("Id", StringComparison.Ordinal) && Type(Resolve(property)) == "integer"
                            ? customer : Sample(Resolve(property), depth + 1, customer);
                    return result;
                case "array":
                    return depth > 4 ? new JsonArray() : new JsonArray(Sample(Resolve(schema["items"]), depth + 1, customer));
                case "integer": return 1;
                case "number": return 4.5;
                case "boolean": return true;
                case "string":
                    return schema["format"]?.GetValue<string>() switch
                    {
                        "date-time" => "2026-12-01T08:00:00+08:00",
                        "date" => "2026-12-01",
                        "time" => "09:00:00",
                        "duration" or "time-span" => "01:00:00",
                        _ => Pick(["x", "vip", "nps", "repair", "zh-CN", "fuzz@example.com", "https://example.com/hook"]),
                    };
                default: return null;
            }
        }

        private string PathValue(JsonNode? schema, long customer) => Type(schema) switch
        {
            "integer" => Pick([customer.ToString(CultureInfo.InvariantCulture), "1", "0", "-1", "99999999999999999999", "abc", "1.5"]),
            _ => Pick(["x", "repair", "vip", "nps", new string('a', 3000), "😀", "%2e%2e", "a b"]),
        };

        private string OddScalar(JsonNode? schema) => Type(schema) switch
        {
            "integer" => Pick(["1", "0", "-5", "2147483648", "abc", "", "1e3"]),
            "boolean" => Pick(["true", "false", "maybe", ""]),
            "string" when schema?["format"]?.GetValue<string>() is "date" or "date-time" => Pick(["2026-12-01", "2026-13-45", "yesterday", "", "0001-01-01", "9999-12-31"]),
            _ => Pick(OddTexts),
        };

        private JsonNode? Resolve(JsonNode? schema)
        {
            for (var i = 0; i < 10 && schema?["$ref"] is { } reference; i++)
                schema = document["components"]!["schemas"]![reference.GetValue<string>().Split('/')[^1]];
            if (schema?["allOf"] is JsonArray { Count: 1 } all) return Resolve(all[0]);
            if (schema?["oneOf"] is JsonArray { Count: > 0 } one) return Resolve(one[0]);
            return schema;
        }

        private static string? Type(JsonNode? schema) =>
            schema?["type"] is JsonValue type ? type.GetValue<string>() : schema?["properties"] is not null ? "object" : null;

        private T Pick<T>(IReadOnlyList<T> options) => options[random.Next(options.Count)];
    }
}

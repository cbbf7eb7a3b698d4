using System.Collections;
using System.Reflection;
using FastEndpoints;
using Microsoft.AspNetCore.Http;

namespace Csm.BuildingBlocks;

/// <summary>
/// Text with a NUL character (U+0000) is refused with a 400 naming each field, before the endpoint runs: no person types
/// one, PostgreSQL cannot store one, and the other engines would keep a value that ends early in every tool that reads it.
/// </summary>
internal sealed class RefuseNulCharacters : IGlobalPreProcessor
{
    private const int MaxDepth = 8;

    public async Task PreProcessAsync(IPreProcessorContext context, CancellationToken ct)
    {
        if (context.Request is not { } request || context.HttpContext.ResponseStarted()) return;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Visit(request, "", 0, errors);
        if (errors.Count == 0) return;
        var http = context.HttpContext;
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        await http.Response.WriteAsJsonAsync(RequestValidation.Problem(errors, http), (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", ct);
        http.MarkResponseStart();
    }

    private static void Visit(object? value, string path, int depth, Dictionary<string, string[]> errors)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (text.Contains('\0')) errors[RequestValidation.JsonPath(path)] = ["Text may not contain the NUL character (\\u0000)."];
                return;
            case IDictionary dictionary when depth < MaxDepth:
                foreach (DictionaryEntry entry in dictionary)
                {
                    var key = Convert.ToString(entry.Key, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                    var at = Join(path, key);
                    if (key.Contains('\0')) errors[RequestValidation.JsonPath(at)] = ["A name may not contain the NUL character (\\u0000)."];
                    Visit(entry.Value, at, depth + 1, errors);
                }
                return;
            case IEnumerable items when depth < MaxDepth:
                var i = 0;
                foreach (var item in items) Visit(item, $"{path}[{i++}]", depth + 1, errors);
                return;
        }
        var type = value.GetType();
        if (depth >= MaxDepth || type.IsPrimitive || type.IsEnum || type.Namespace?.StartsWith("Csm.", StringComparison.Ordinal) != true) return;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetMethod is null) continue;
            Visit(property.GetValue(value), Join(path, property.Name), depth + 1, errors);
        }
    }

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}

using System.Text.Json;

namespace Csm.Modules.Customers.Data;

internal sealed record Contact(string? Name, string? Role, string? Phone, string? Email, string? WeChat, bool IsPrimary = false);

internal sealed record ExternalId(string Source, string Id);

/// <summary>
/// What a caller may say about a customer, from the API or an import row. Enum-like fields arrive as strings so that
/// one 400 can name every bad field at once instead of failing on the first unreadable value.
/// </summary>
internal record CustomerInput
{
    public string? Name { get; init; }
    /// <summary>person or company; company when omitted.</summary>
    public string? Kind { get; init; }
    /// <summary>vip, standard or prospect.</summary>
    public string? Tier { get; init; }
    public string? AccountManager { get; init; }
    /// <summary>A company's 18-character unified social credit code (统一社会信用代码), checked by its check digit.</summary>
    public string? CreditCode { get; init; }
    /// <summary>active, atRisk, churned or wonBack: the customer's lifecycle status, set explicitly (left as it is when omitted).</summary>
    public string? LifecycleStatus { get; init; }
    /// <summary>zh-CN or en; zh-CN when omitted.</summary>
    public string? Language { get; init; }
    public IReadOnlyList<Contact>? Contacts { get; init; }
    public IReadOnlyList<string>? Tags { get; init; }
    public IReadOnlyList<ExternalId>? ExternalIds { get; init; }
    public IReadOnlyDictionary<string, JsonElement>? CustomFields { get; init; }
}

internal static class Vocabulary
{
    public static readonly string[] Tiers = ["vip", "standard", "prospect"];
    public static readonly string[] Kinds = ["person", "company"];
    public static readonly string[] Languages = ["zh-CN", "en"];
    public static readonly string[] ContractStatuses = ["pending", "active", "expired", "terminated"];
    public static readonly string[] Channels = ["call", "email", "chat", "visit", "weChat"];
    public static readonly string[] Directions = ["inbound", "outbound"];
    public static readonly string[] LifecycleStatuses = ["active", "atRisk", "churned", "wonBack"];

    public static Contracts.CustomerTier TierOf(string tier) => tier switch
    {
        "vip" => Contracts.CustomerTier.Vip,
        "prospect" => Contracts.CustomerTier.Prospect,
        _ => Contracts.CustomerTier.Standard,
    };

    public static string OneOf(IEnumerable<string> values) => "Must be one of: " + string.Join(", ", values) + ".";
}

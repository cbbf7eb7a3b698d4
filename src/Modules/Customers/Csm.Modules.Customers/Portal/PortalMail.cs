using System.Globalization;
using Csm.BuildingBlocks.Templates;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Customers.Portal;

/// <summary>
/// The e-mail with a magic link to the customer portal: a template managers may rewrite, sent in the language the
/// customer asked in. The link is <c>{Portal:PublicBaseUrl}/portal#{token}</c> (default: Surveys:PublicBaseUrl): the token
/// travels in the fragment, so it reaches no server log and no Referer.
/// </summary>
internal static class PortalMail
{
    public const string Module = "customers";
    public const string Link = "portalLink";

    public static readonly MessageKind Kind = new(Link, Module, ["customerName", "link", "minutes"],
        new("您的客户服务门户登录链接",
            "尊敬的 {{customerName}}：\n\n请点击下面的链接查看您的服务工单，链接 {{minutes}} 分钟内有效，只能使用一次：\n\n{{link}}\n\n如果不是您本人操作，请忽略此邮件。"),
        new("Your link to the customer portal",
            "Dear {{customerName}},\n\nopen this link to see your service tickets. It works once, within {{minutes}} minutes:\n\n{{link}}\n\nIf you did not ask for it, ignore this e-mail."));

    public static string Url(IConfiguration configuration, string token)
    {
        var origin = configuration["Portal:PublicBaseUrl"] ?? configuration["Surveys:PublicBaseUrl"] ?? "http://localhost:5080";
        return $"{origin.TrimEnd('/')}/portal#{token}";
    }

    public static Dictionary<string, string?> Values(string? customerName, string link, TimeSpan validFor) => new()
    {
        ["customerName"] = customerName, ["link"] = link, ["minutes"] = ((int)validFor.TotalMinutes).ToString(CultureInfo.InvariantCulture),
    };
}

/// <summary>The portal e-mail's placeholders for one real customer, with an example link.</summary>
internal sealed class CustomersMessagePreview(Db db) : IMessagePreview
{
    public string Module => PortalMail.Module;

    public async Task<IReadOnlyDictionary<string, string?>?> ValuesAsync(string kind, long customerId, string language, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        var name = await c.ExecuteScalarAsync<string?>("SELECT name FROM cus_customers WHERE id = @Id AND erased_at IS NULL", new { Id = customerId });
        return name is null ? null : PortalMail.Values(name, "https://csm.example.com/portal#example-link", TimeSpan.FromMinutes(15));
    }
}

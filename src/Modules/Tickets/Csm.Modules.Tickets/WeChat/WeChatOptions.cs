using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.WeChat;

/// <summary>The two platforms, by the names their messages and channels carry.</summary>
internal static class WeChatPlatform
{
    /// <summary>A WeChat Official Account (公众号): senders are OpenIDs, agents answer through the customer service message API.</summary>
    public const string OfficialAccount = "wechat";
    /// <summary>A WeCom (企业微信) application: senders are UserIDs, agents answer through the application message API.</summary>
    public const string WeCom = "wecom";

    public static readonly string[] All = [OfficialAccount, WeCom];
}

/// <summary>
/// One account, from <c>WeChat:OfficialAccount</c> or <c>WeChat:WeCom</c>: the token and EncodingAESKey entered on the
/// platform's callback page, the AppID (CorpID for WeCom) and its secret for the API, WeCom's AgentID, the API's base URL
/// (the platform's by default; a local stand-in in tests), and the type of the tickets its messages open.
/// </summary>
internal sealed record WeChatAccount(
    string Platform, bool Enabled, string Token, string? EncodingAesKey, string AppId, string? Secret, long? AgentId, string ApiBaseUrl, string TicketType)
{
    public static WeChatAccount From(IConfiguration configuration, string platform)
    {
        var section = configuration.GetSection(platform == WeChatPlatform.WeCom ? "WeChat:WeCom" : "WeChat:OfficialAccount");
        var token = section["Token"] ?? "";
        var appId = section[platform == WeChatPlatform.WeCom ? "CorpId" : "AppId"] ?? "";
        return new WeChatAccount(platform,
            section.GetValue("Enabled", false) && token.Length > 0 && appId.Length > 0,
            token, section["EncodingAesKey"], appId, section["Secret"], section.GetValue<long?>("AgentId"),
            (section["ApiBaseUrl"] ?? (platform == WeChatPlatform.WeCom ? "https://qyapi.weixin.qq.com" : "https://api.weixin.qq.com")).TrimEnd('/'),
            section["TicketType"] ?? "inquiry");
    }

    public WeChatCrypto Crypto() => new(Token, EncodingAesKey, AppId);
}

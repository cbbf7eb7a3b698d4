using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Csm.BuildingBlocks.Outbound;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.WeChat;

/// <summary>
/// Agents' replies to a customer who wrote through WeChat go back the same way: the Official Account's customer service
/// message API (<c>/cgi-bin/message/custom/send</c>) or the WeCom application message API (<c>/cgi-bin/message/send</c>),
/// with an access token fetched from the platform and kept until shortly before it expires (fetched again at once when the
/// platform says it is invalid or expired). "Sent" means the platform answered errcode 0; its refusals are kept as the
/// reason, permanent ones (the 48-hour window closed, an unknown or unsubscribed user) are not retried.
/// </summary>
internal sealed class WeChatChannel(string platform, IConfiguration configuration, IHttpClientFactory http, TimeProvider clock) : IOutboundChannel, IOutboundConnection
{
    private static readonly int[] TokenInvalid = [40001, 40014, 42001];
    private static readonly int[] Passing = [-1, 45009, 45047];
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Until)> _tokens = new();

    public string Name => platform;

    public IOutboundConnection Open() => this;

    public async Task<Delivery> SendAsync(Envelope m, CancellationToken ct)
    {
        var account = WeChatAccount.From(configuration, platform);
        if (!account.Enabled || string.IsNullOrEmpty(account.Secret))
            throw new DeliveryRefused($"{Section} is not enabled with an {(platform == WeChatPlatform.WeCom ? "CorpId" : "AppId")} and a Secret: the message cannot go back through {platform}", permanent: true);
        for (var attempt = 0; ; attempt++)
        {
            var token = await TokenAsync(account, fresh: attempt > 0, ct);
            var reply = await CallAsync(HttpMethod.Post, platform == WeChatPlatform.WeCom
                ? $"{account.ApiBaseUrl}/cgi-bin/message/send?access_token={Uri.EscapeDataString(token)}"
                : $"{account.ApiBaseUrl}/cgi-bin/message/custom/send?access_token={Uri.EscapeDataString(token)}", Body(account, m), ct);
            var code = reply["errcode"]?.GetValue<int>() ?? 0;
            if (code == 0 && string.IsNullOrEmpty(reply["invaliduser"]?.GetValue<string>()))
                return new Delivery(OutboundStatus.Sent, reply.ToJsonString());
            if (code == 0) throw new DeliveryRefused($"{platform} did not deliver to {m.Recipient}: {reply.ToJsonString()}", permanent: true);
            if (TokenInvalid.Contains(code) && attempt == 0) continue;
            throw new DeliveryRefused($"{platform} refused: {reply.ToJsonString()}", permanent: !Passing.Contains(code));
        }
    }

    private string Section => platform == WeChatPlatform.WeCom ? "WeChat:WeCom" : "WeChat:OfficialAccount";

    private static JsonObject Body(WeChatAccount account, Envelope m)
    {
        var body = new JsonObject { ["touser"] = m.Recipient, ["msgtype"] = "text", ["text"] = new JsonObject { ["content"] = m.BodyText } };
        if (account.Platform == WeChatPlatform.WeCom) body["agentid"] = account.AgentId;
        return body;
    }

    private async Task<string> TokenAsync(WeChatAccount account, bool fresh, CancellationToken ct)
    {
        var key = $"{account.ApiBaseUrl}|{account.AppId}";
        var now = clock.GetUtcNow();
        if (!fresh && _tokens.TryGetValue(key, out var held) && held.Until > now) return held.Token;
        var url = account.Platform == WeChatPlatform.WeCom
            ? $"{account.ApiBaseUrl}/cgi-bin/gettoken?corpid={Uri.EscapeDataString(account.AppId)}&corpsecret={Uri.EscapeDataString(account.Secret!)}"
            : $"{account.ApiBaseUrl}/cgi-bin/token?grant_type=client_credential&appid={Uri.EscapeDataString(account.AppId)}&secret={Uri.EscapeDataString(account.Secret!)}";
        var reply = await CallAsync(HttpMethod.Get, url, null, ct);
        if (reply["access_token"]?.GetValue<string>() is not { Length: > 0 } token)
            // The secret is in the URL, never in the reason: only the platform's answer is kept.
            throw new DeliveryRefused($"{account.Platform} gave no access token: {reply.ToJsonString()}",
                permanent: !Passing.Contains(reply["errcode"]?.GetValue<int>() ?? -1));
        var seconds = reply["expires_in"]?.GetValue<int>() ?? 7200;
        _tokens[key] = (token, now.AddSeconds(Math.Max(60, seconds - 300)));
        return token;
    }

    private async Task<JsonObject> CallAsync(HttpMethod method, string url, JsonObject? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, options: new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient("csm-outbound").SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryRefused($"{platform} API not reached: {e.GetType().Name}: {e.Message.Replace(url, new Uri(url).GetLeftPart(UriPartial.Path))}", permanent: false);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
                throw new DeliveryRefused($"{platform} API answered {(int)response.StatusCode}: {(text.Length > 300 ? text[..300] : text)}", permanent: false);
            try
            {
                return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
            }
            catch (JsonException)
            {
                throw new DeliveryRefused($"{platform} API answered what is not JSON: {(text.Length > 300 ? text[..300] : text)}", permanent: false);
            }
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

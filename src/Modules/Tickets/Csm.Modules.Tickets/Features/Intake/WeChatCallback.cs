using System.Text;
using Csm.Modules.Tickets.WeChat;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.Features.Intake;

/// <summary>
/// The server URL entered on the WeChat Official Account's (公众号) and WeCom's (企业微信) callback settings:
/// <c>/api/public/wechat/callback</c> and <c>/api/public/wecom/callback</c>. Anonymous, as the platforms call it, and
/// trusted only by signature: every call is signed with the token both sides know, and a timestamp more than five minutes
/// from Csm's clock is refused, so a captured call cannot be replayed later.
/// </summary>
internal static class WeChatCallback
{
    public const string CallbackRoute = "public/{platform:regex(^(wechat|wecom)$)}/callback";

    /// <summary>The check the platform makes when the URL is saved: answers the echo string (decrypted, on WeCom).</summary>
    internal sealed class Verify(IConfiguration configuration, TimeProvider clock) : EndpointWithoutRequest<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>
    {
        public override void Configure()
        {
            Get(CallbackRoute);
            AllowAnonymous();
            Description(d => d
                .WithTags("Tickets")
                .WithName("Tickets_WeChatVerify")
                .WithSummary("The platform's check of the callback URL (signature, timestamp, nonce, echostr); answers the echo string")
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status404NotFound));
        }

        public override Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var account = WeChatAccount.From(configuration, Route<string>("platform")!);
            if (!account.Enabled) return Task.FromResult<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>(Off(account));
            var (timestamp, nonce, echo) = (Query<string>("timestamp", false) ?? "", Query<string>("nonce", false) ?? "", Query<string>("echostr", false) ?? "");
            var crypto = account.Crypto();
            if (Stale(timestamp, clock) is { } stale) return Task.FromResult<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>(stale);
            if (account.Platform == WeChatPlatform.WeCom)
            {
                if (!crypto.Verifies(Query<string>("msg_signature", false), timestamp, nonce, echo)) return Task.FromResult<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>(BadSignature());
                return Task.FromResult<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>(crypto.Decrypt(echo) is { } plain
                    ? TypedResults.Text(plain, "text/plain", Encoding.UTF8)
                    : Problem(400, "The echo string does not decrypt with the configured EncodingAESKey and CorpId."));
            }
            return Task.FromResult<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>(crypto.Verifies(Query<string>("signature", false), timestamp, nonce)
                ? TypedResults.Text(echo, "text/plain", Encoding.UTF8) : BadSignature());
        }
    }

    /// <summary>A message: becomes a ticket or a reply; answered "success" (the platform then does not retry).</summary>
    internal sealed class Receive(IConfiguration configuration, WeChatInbox inbox, TimeProvider clock) : EndpointWithoutRequest<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>>
    {
        private const int MaxBody = 64 * 1024;

        public override void Configure()
        {
            Post(CallbackRoute);
            AllowAnonymous();
            Description(d => d
                .WithTags("Tickets")
                .WithName("Tickets_WeChatReceive")
                .WithSummary("A message from the platform (XML, plaintext or AES-encrypted): opens a ticket or adds the sender's reply; answers success")
                .Accepts<string>("text/xml", "application/xml")
                .ProducesProblem(StatusCodes.Status400BadRequest)
                .ProducesProblem(StatusCodes.Status401Unauthorized)
                .ProducesProblem(StatusCodes.Status404NotFound)
                .ProducesProblem(StatusCodes.Status413PayloadTooLarge));
        }

        public override async Task<Results<ContentHttpResult, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
        {
            var account = WeChatAccount.From(configuration, Route<string>("platform")!);
            if (!account.Enabled) return Off(account);
            if (HttpContext.Request.ContentLength > MaxBody) return Problem(413, $"A platform message is at most {MaxBody / 1024} KB.");
            var (timestamp, nonce) = (Query<string>("timestamp", false) ?? "", Query<string>("nonce", false) ?? "");
            if (Stale(timestamp, clock) is { } stale) return stale;
            var body = await ReadAsync(ct);
            if (body is null) return Problem(413, $"A platform message is at most {MaxBody / 1024} KB.");

            var crypto = account.Crypto();
            var encrypted = account.Platform == WeChatPlatform.WeCom || Query<string>("encrypt_type", false) == "aes";
            string xml;
            if (encrypted)
            {
                var envelope = WeChatEnvelope.Encrypted(body);
                if (envelope is null) return Problems.Invalid("Encrypt", "The body is not the platform's XML with an Encrypt element.");
                if (!crypto.Verifies(Query<string>("msg_signature", false), timestamp, nonce, envelope)) return BadSignature();
                if (crypto.Decrypt(envelope) is not { } plain)
                    return Problems.Invalid("Encrypt", $"The message does not decrypt with the configured EncodingAESKey and {(account.Platform == WeChatPlatform.WeCom ? "CorpId" : "AppId")}.");
                xml = plain;
            }
            else
            {
                if (!crypto.Verifies(Query<string>("signature", false), timestamp, nonce)) return BadSignature();
                xml = body;
            }
            if (WeChatMessage.Parse(xml) is not { } message) return Problems.Invalid("FromUserName", "The body is not a platform message: FromUserName and MsgType are required.");
            await inbox.ReceiveAsync(account, message, ct);
            return TypedResults.Text("success", "text/plain", Encoding.UTF8);
        }

        private async Task<string?> ReadAsync(CancellationToken ct)
        {
            using var reader = new StreamReader(HttpContext.Request.Body, Encoding.UTF8);
            var buffer = new char[MaxBody + 1];
            var read = 0;
            while (read < buffer.Length && await reader.ReadAsync(buffer.AsMemory(read), ct) is var n and > 0) read += n;
            return read > MaxBody ? null : new string(buffer, 0, read);
        }
    }

    private static ProblemHttpResult Off(WeChatAccount account) =>
        Problem(404, $"The {account.Platform} channel is not enabled ({(account.Platform == WeChatPlatform.WeCom ? "WeChat:WeCom" : "WeChat:OfficialAccount")}:Enabled, Token, {(account.Platform == WeChatPlatform.WeCom ? "CorpId" : "AppId")}).");

    private static ProblemHttpResult Problem(int status, string title) => TypedResults.Problem(statusCode: status, title: title);

    private static ProblemHttpResult BadSignature() => Problem(401, "The signature does not match: the call was not made with this account's token.");

    private static ProblemHttpResult? Stale(string timestamp, TimeProvider clock) =>
        SignedCallbacks.Fresh(timestamp, clock) ? null : Problem(401, "The timestamp is missing or more than five minutes from the server's clock.");
}

/// <summary>The outer XML of an encrypted message: only its Encrypt element is read before the signature is checked.</summary>
internal static class WeChatEnvelope
{
    public static string? Encrypted(string xml) => WeChatMessage.Load(xml)?.Element("Encrypt")?.Value is { Length: > 0 } e ? e.Trim() : null;
}

using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Csm.Modules.Tickets.WeChat;
using static Csm.Tests.Tickets.TicketKit;

namespace Csm.Tests.Tickets;

/// <summary>
/// WeChat Official Account and WeCom callbacks, with the test acting as the platform: it signs and encrypts exactly as the
/// platforms publish (its own code, not Csm's), and a local stand-in answers the access-token and message APIs.
/// </summary>
public sealed class WeChatTests
{
    private const string Token = "csm-wechat-token";
    private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
    private const string AppId = "wx2c2769f8efd9abc2";
    private const string CorpId = "ww1436e0e65a779aee";
    private const string Customer = "oyORnuP8q7ou2gfYjqLzSIWZf0rs";

    /// <summary>The platform's side: signatures and the encrypted mode, written from the published protocol.</summary>
    private sealed class Platform(string receiverId, Func<DateTimeOffset> now)
    {
        public static string Sign(params string[] parts) =>
            Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts.Order(StringComparer.Ordinal)))));

        public string Encrypt(string message)
        {
            var key = Convert.FromBase64String(AesKey + "=");
            var text = Encoding.UTF8.GetBytes(message);
            var id = Encoding.UTF8.GetBytes(receiverId);
            var plain = new List<byte>(RandomNumberGenerator.GetBytes(16));
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, text.Length);
            plain.AddRange(length);
            plain.AddRange(text);
            plain.AddRange(id);
            var pad = 32 - plain.Count % 32;
            plain.AddRange(Enumerable.Repeat((byte)pad, pad));
            using var aes = Aes.Create();
            aes.Key = key;
            return Convert.ToBase64String(aes.EncryptCbc(plain.ToArray(), key.AsSpan(0, 16), PaddingMode.None));
        }

        public string Timestamp => now().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);

        public static string Text(string from, string content, long msgId, string to = "gh_10f6c3c3ac5a") =>
            $"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{from}]]></FromUserName><CreateTime>1409735668</CreateTime>" +
            $"<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId></xml>";

        /// <summary>An Official Account message in the safe (AES) mode, as the platform posts it.</summary>
        public (string Query, string Body) Safe(string xml, string? timestamp = null)
        {
            var encrypted = Encrypt(xml);
            var (ts, nonce) = (timestamp ?? Timestamp, "1320562132");
            var body = $"<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
            return ($"?signature={Sign(Token, ts, nonce)}&timestamp={ts}&nonce={nonce}&openid={Customer}&encrypt_type=aes&msg_signature={Sign(Token, ts, nonce, encrypted)}", body);
        }
    }

    /// <summary>A stand-in for the platform's API on 127.0.0.1: hands out tokens, records messages, answers what the test says.</summary>
    private sealed class ApiStandIn : IDisposable
    {
        private readonly HttpListener _listener = new();
        public List<(string Path, string Query, string Body)> Calls { get; } = [];
        public Queue<string> SendAnswers { get; } = new();
        public int Port { get; }
        private int _tokens;

        public ApiStandIn()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0)) { probe.Start(); Port = ((IPEndPoint)probe.LocalEndpoint).Port; probe.Stop(); }
            _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string BaseUrl => $"http://127.0.0.1:{Port}";

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try { context = await _listener.GetContextAsync(); } catch (Exception) { return; }
                using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
                var body = await reader.ReadToEndAsync();
                var path = context.Request.Url!.AbsolutePath;
                lock (Calls) Calls.Add((path, context.Request.Url.Query, body));
                var answer = path switch
                {
                    "/cgi-bin/token" or "/cgi-bin/gettoken" => $$"""{"access_token":"token-{{Interlocked.Increment(ref _tokens)}}","expires_in":7200}""",
                    _ => SendAnswers.TryDequeue(out var a) ? a : """{"errcode":0,"errmsg":"ok"}""",
                };
                var bytes = Encoding.UTF8.GetBytes(answer);
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
        }

        public List<(string Path, string Query, string Body)> Sent(string path) { lock (Calls) return Calls.Where(c => c.Path == path).ToList(); }

        public void Dispose() => _listener.Close();
    }

    private static Dictionary<string, string?> Settings(ApiStandIn api) => new()
    {
        ["WeChat:OfficialAccount:Enabled"] = "true", ["WeChat:OfficialAccount:Token"] = Token, ["WeChat:OfficialAccount:EncodingAesKey"] = AesKey,
        ["WeChat:OfficialAccount:AppId"] = AppId, ["WeChat:OfficialAccount:Secret"] = "app-secret-0001", ["WeChat:OfficialAccount:ApiBaseUrl"] = api.BaseUrl,
        ["WeChat:WeCom:Enabled"] = "true", ["WeChat:WeCom:Token"] = Token, ["WeChat:WeCom:EncodingAesKey"] = AesKey, ["WeChat:WeCom:CorpId"] = CorpId,
        ["WeChat:WeCom:Secret"] = "corp-secret-0001", ["WeChat:WeCom:AgentId"] = "1000002", ["WeChat:WeCom:ApiBaseUrl"] = api.BaseUrl,
    };

    private static async Task<HttpResponseMessage> PostXmlAsync(HttpClient client, string url, string body) =>
        await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "text/xml"));

    private static async Task<List<JsonNode>> TicketsAsync(CsmFixture csm) =>
        (await (await csm.Admin.GetAsync("/api/tickets?pageSize=50").ExpectAsync(200)).NodeAsync())["items"]!.AsArray().Select(t => t!).ToList();

    [Test]
    public void Csm_decrypts_the_platforms_published_sample_and_refuses_it_for_another_account()
    {
        // The sample in the platform's own WXBizMsgCrypt SDK: token spamtest, this key and AppID, timestamp, nonce, signature.
        const string encrypted = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE=";
        var crypto = new WeChatCrypto("spamtest", AesKey, AppId);
        Assert.That(crypto.Verifies("5d197aaffba7e9b25a30732f161a50dee96bd5fa", "1409735669", "1320562132", encrypted), Is.True);
        Assert.That(crypto.Verifies("5d197aaffba7e9b25a30732f161a50dee96bd5fb", "1409735669", "1320562132", encrypted), Is.False);
        var message = WeChatMessage.Parse(crypto.Decrypt(encrypted)!)!;
        Assert.That((message.From, message.MsgType, message.Content, message.MsgId), Is.EqualTo((Customer, "text", "abcdteT", "6054768590064713728")));
        Assert.That(new WeChatCrypto("spamtest", AesKey, "wx0000000000000000").Decrypt(encrypted), Is.Null, "meant for another account");
    }

    [Test]
    public async Task The_official_accounts_url_check_answers_the_echo_only_when_signed_with_the_token()
    {
        using var api = new ApiStandIn();
        await using var csm = await CsmFixture.StartAsync(Settings(api));
        var platform = new Platform(AppId, () => csm.Clock.GetUtcNow());
        var client = csm.Anonymous();
        var ts = platform.Timestamp;
        var ok = await client.GetAsync($"/api/public/wechat/callback?signature={Platform.Sign(Token, ts, "42")}&timestamp={ts}&nonce=42&echostr=echo-7781");
        Assert.That((ok.StatusCode, await ok.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "echo-7781")));
        var forged = await (await client.GetAsync($"/api/public/wechat/callback?signature={Platform.Sign("other", ts, "42")}&timestamp={ts}&nonce=42&echostr=x")
            .ExpectAsync(401)).NodeAsync();
        Assert.That(forged["title"]!.GetValue<string>(), Does.Contain("signature"));
        var old = (csm.Clock.GetUtcNow().ToUnixTimeSeconds() - 600).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var replayed = await (await client.GetAsync($"/api/public/wechat/callback?signature={Platform.Sign(Token, old, "42")}&timestamp={old}&nonce=42&echostr=x")
            .ExpectAsync(401)).NodeAsync();
        Assert.That(replayed["title"]!.GetValue<string>(), Does.Contain("timestamp"));
    }

    [Test]
    public async Task A_wecom_url_check_answers_the_decrypted_echo()
    {
        using var api = new ApiStandIn();
        await using var csm = await CsmFixture.StartAsync(Settings(api));
        var platform = new Platform(CorpId, () => csm.Clock.GetUtcNow());
        var echo = platform.Encrypt("1616140317555161061");
        var ts = platform.Timestamp;
        var response = await csm.Anonymous().GetAsync(
            $"/api/public/wecom/callback?msg_signature={Platform.Sign(Token, ts, "n1", echo)}&timestamp={ts}&nonce=n1&echostr={Uri.EscapeDataString(echo)}");
        Assert.That((response.StatusCode, await response.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "1616140317555161061")));
        // Encrypted for another corporation: the signature is right but the receiver is not us.
        var foreign = new Platform("ww0000000000000000", () => csm.Clock.GetUtcNow()).Encrypt("1");
        await csm.Anonymous().GetAsync(
            $"/api/public/wecom/callback?msg_signature={Platform.Sign(Token, ts, "n1", foreign)}&timestamp={ts}&nonce=n1&echostr={Uri.EscapeDataString(foreign)}").ExpectAsync(400);
    }

    [Test]
    public async Task A_first_message_opens_a_ticket_for_a_new_prospect_a_retry_is_taken_once_and_the_agents_reply_goes_back_through_the_api()
    {
        using var api = new ApiStandIn();
        await using var csm = await CsmFixture.StartAsync(Settings(api));
        var platform = new Platform(AppId, () => csm.Clock.GetUtcNow());
        var client = csm.Anonymous();
        var (query, body) = platform.Safe(Platform.Text(Customer, "空调不制冷，型号 KFR-35", 6054768590064713728));

        var first = await PostXmlAsync(client, "/api/public/wechat/callback" + query, body);
        Assert.That((first.StatusCode, await first.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "success")));
        // The platform retries when it does not hear back in five seconds: the same message again, twice.
        var retries = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => PostXmlAsync(client, "/api/public/wechat/callback" + query, body)));
        Assert.That(retries.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));

        var ticket = (await TicketsAsync(csm)).Single();
        Assert.That(ticket["channel"]!.GetValue<string>(), Is.EqualTo("weChat"));
        Assert.That(ticket["subject"]!.GetValue<string>(), Is.EqualTo("空调不制冷，型号 KFR-35"));
        var followers = (await (await csm.Admin.GetAsync("/api/tickets/wechat-followers").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(followers.Select(f => (f!["platform"]!.GetValue<string>(), f["openId"]!.GetValue<string>())), Is.EqualTo(new[] { ("wechat", Customer) }));
        var prospect = await (await csm.Admin.GetAsync($"/api/customers/{followers[0]!["customerId"]}").ExpectAsync(200)).NodeAsync();
        Assert.That(prospect["tier"]!.GetValue<string>(), Is.EqualTo("prospect"));
        Assert.That(prospect["tags"]!.AsArray().Select(t => t!.GetValue<string>()), Does.Contain("needs-review"));

        // The acknowledgement and an agent's reply leave through the customer service API, to the sender.
        ticket = await (await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments",
            new { body = "师傅明天上午上门，请保持电话畅通。", visibility = "customer", version = Version(ticket) }).ExpectAsync(200)).NodeAsync();
        var outcome = await csm.SendOutboundAsync();
        Assert.That(outcome.Sent, Is.EqualTo(2));
        var sent = api.Sent("/cgi-bin/message/custom/send");
        Assert.That(sent, Has.Count.EqualTo(2));
        Assert.That(sent.Select(s => s.Query), Is.All.EqualTo("?access_token=token-1"), "one token for both");
        var reply = JsonNode.Parse(sent[1].Body)!;
        Assert.That((reply["touser"]!.GetValue<string>(), reply["msgtype"]!.GetValue<string>()), Is.EqualTo((Customer, "text")));
        Assert.That(reply["text"]!["content"]!.GetValue<string>(), Does.Contain("师傅明天上午上门"));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM out_messages WHERE channel = 'wechat' AND status = 'sent'"), Is.EqualTo(2));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM out_messages WHERE channel = 'email'"), Is.Zero, "nothing went by e-mail");
    }

    [Test]
    public async Task A_later_message_is_a_reply_on_the_senders_ticket_and_after_the_window_a_linked_sender_opens_a_new_one_as_the_customer()
    {
        using var api = new ApiStandIn();
        // Six hours to reopen instead of fourteen days: a staff session outlives the wait.
        await using var csm = await CsmFixture.StartAsync(new Dictionary<string, string?>(Settings(api)) { ["Tickets:Inbound:ReopenWithinDays"] = "0.25" });
        await KnownCustomerAsync(csm, 7);
        var platform = new Platform(AppId, () => csm.Clock.GetUtcNow());
        var client = csm.Anonymous();
        async Task SayAsync(string text, long id)
        {
            var (q, b) = platform.Safe(Platform.Text(Customer, text, id));
            await PostXmlAsync(client, "/api/public/wechat/callback" + q, b).ExpectAsync(200);
        }
        await SayAsync("打印机卡纸", 1001);
        var linked = await (await csm.Admin.PutJsonAsync($"/api/tickets/wechat-followers/wechat/{Customer}", new { customerId = 7 }).ExpectAsync(200)).NodeAsync();
        Assert.That((linked["customerId"]!.GetValue<long>(), linked["linkedBy"]!.GetValue<string>()), Is.EqualTo((7L, "admin")));

        await SayAsync("序列号 X200-7781", 1002);
        var ticket = (await TicketsAsync(csm)).Single();
        var comments = (await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}/comments").ExpectAsync(200)).NodeAsync()).AsArray();
        Assert.That(comments.Select(c => (c!["body"]!.GetValue<string>(), c["inboundChannel"]!.GetValue<string>())), Is.EqualTo(new[] { ("序列号 X200-7781", "wechat") }));

        ticket = await MoveAsync(csm.Admin, ticket, "answer");
        await MoveAsync(csm.Admin, ticket, "closed", new { answer = "已更换搓纸轮" });
        csm.Clock.Advance(TimeSpan.FromHours(7));
        await SayAsync("又卡纸了", 1003);

        var tickets = await TicketsAsync(csm);
        Assert.That(tickets, Has.Count.EqualTo(2));
        var fresh = tickets.Single(t => Id(t) != Id(ticket));
        var full = await (await csm.Admin.GetAsync($"/api/tickets/{Id(fresh)}").ExpectAsync(200)).NodeAsync();
        Assert.That(full["customerId"]!.GetValue<long>(), Is.EqualTo(7), "the linked customer's ticket");
        Assert.That(full["description"]!.GetValue<string>(), Does.Contain(ticket["number"]!.GetValue<string>()));
        Assert.That((await TicketsAsync(csm)).Single(t => Id(t) == Id(ticket))["status"]!.GetValue<string>(), Is.EqualTo("closed"));
    }

    [Test]
    public async Task A_wecom_message_is_answered_through_the_application_api_and_an_expired_token_is_fetched_again_once()
    {
        using var api = new ApiStandIn();
        await using var csm = await CsmFixture.StartAsync(Settings(api));
        var platform = new Platform(CorpId, () => csm.Clock.GetUtcNow());
        var xml = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><FromUserName><![CDATA[zhangsan]]></FromUserName><CreateTime>1348831860</CreateTime>" +
            "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[门禁卡失效]]></Content><MsgId>1234567890123456</MsgId><AgentID>1000002</AgentID></xml>";
        var encrypted = platform.Encrypt(xml);
        var ts = platform.Timestamp;
        var body = $"<xml><ToUserName><![CDATA[{CorpId}]]></ToUserName><AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>";
        await PostXmlAsync(csm.Anonymous(), $"/api/public/wecom/callback?msg_signature={Platform.Sign(Token, ts, "n2", encrypted)}&timestamp={ts}&nonce=n2", body)
            .ExpectAsync(200);
        var ticket = (await TicketsAsync(csm)).Single();
        Assert.That(ticket["subject"]!.GetValue<string>(), Is.EqualTo("门禁卡失效"));

        // The acknowledgement meets an expired token (42001): a new token is fetched and the message sent with it.
        api.SendAnswers.Enqueue("""{"errcode":42001,"errmsg":"access_token expired"}""");
        Assert.That((await csm.SendOutboundAsync()).Sent, Is.EqualTo(1));
        var sends = api.Sent("/cgi-bin/message/send");
        Assert.That(sends.Select(s => s.Query), Is.EqualTo(new[] { "?access_token=token-1", "?access_token=token-2" }));
        Assert.That(api.Sent("/cgi-bin/gettoken").Select(t => t.Query).ToList(), Has.Count.EqualTo(2).And.All.Contain("corpid=" + CorpId));
        var message = JsonNode.Parse(sends[1].Body)!;
        Assert.That((message["touser"]!.GetValue<string>(), message["agentid"]!.GetValue<long>()), Is.EqualTo(("zhangsan", 1000002L)));

        // Past the platform's window the refusal is kept as the reason and not retried.
        api.SendAnswers.Enqueue("""{"errcode":45015,"errmsg":"response out of time limit"}""");
        ticket = await (await csm.Admin.GetAsync($"/api/tickets/{Id(ticket)}").ExpectAsync(200)).NodeAsync();
        await csm.Admin.PostJsonAsync($"/api/tickets/{Id(ticket)}/comments", new { body = "已重置门禁卡", visibility = "customer", version = Version(ticket) }).ExpectAsync(200);
        Assert.That((await csm.SendOutboundAsync()).Sent, Is.Zero);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM out_messages WHERE channel = 'wecom' AND status = 'failed' AND last_error LIKE '%45015%'"), Is.EqualTo(1));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM out_messages WHERE last_error LIKE '%corp-secret%'"), Is.Zero, "the secret is never recorded");
    }

    [Test]
    public async Task A_sender_follows_their_prospect_into_the_customer_it_is_merged_into_and_back_when_the_merge_is_undone()
    {
        using var api = new ApiStandIn();
        await using var csm = await CsmFixture.StartAsync(Settings(api));
        var platform = new Platform(AppId, () => csm.Clock.GetUtcNow());
        var (q, b) = platform.Safe(Platform.Text(Customer, "发票还没收到", 3001));
        await PostXmlAsync(csm.Anonymous(), "/api/public/wechat/callback" + q, b).ExpectAsync(200);
        await csm.DrainOutboxAsync();
        var prospect = (await (await csm.Admin.GetAsync("/api/tickets/wechat-followers").ExpectAsync(200)).NodeAsync()).AsArray().Single()!["customerId"]!.GetValue<long>();
        var survivor = (await (await csm.Admin.PostJsonAsync("/api/customers", new { name = "华东精密机械", tier = "vip" }).ExpectAsync(201)).NodeAsync())["id"]!.GetValue<long>();

        await csm.Admin.PostJsonAsync($"/api/customers/{survivor}/merge", new { duplicateId = prospect }).ExpectAsync(200);
        await csm.DrainOutboxAsync();
        async Task<long> LinkedAsync() =>
            (await (await csm.Admin.GetAsync("/api/tickets/wechat-followers").ExpectAsync(200)).NodeAsync()).AsArray().Single()!["customerId"]!.GetValue<long>();
        Assert.That(await LinkedAsync(), Is.EqualTo(survivor));

        await csm.Admin.PostJsonAsync($"/api/customers/{prospect}/merge/undo", new { }).ExpectAsync(200);
        await csm.DrainOutboxAsync();
        Assert.That(await LinkedAsync(), Is.EqualTo(prospect));
    }

    [Test]
    public async Task An_account_in_plaintext_mode_is_trusted_by_the_signature_alone()
    {
        using var api = new ApiStandIn();
        var settings = Settings(api);
        settings.Remove("WeChat:OfficialAccount:EncodingAesKey");
        await using var csm = await CsmFixture.StartAsync(settings);
        var platform = new Platform(AppId, () => csm.Clock.GetUtcNow());
        var ts = platform.Timestamp;
        var xml = Platform.Text(Customer, "网点营业时间？", 4001);
        var forged = await PostXmlAsync(csm.Anonymous(), $"/api/public/wechat/callback?signature={Platform.Sign("guess", ts, "n3")}&timestamp={ts}&nonce=n3&openid={Customer}", xml);
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.Zero);

        var signed = await PostXmlAsync(csm.Anonymous(), $"/api/public/wechat/callback?signature={Platform.Sign(Token, ts, "n3")}&timestamp={ts}&nonce=n3&openid={Customer}", xml);
        Assert.That((signed.StatusCode, await signed.Content.ReadAsStringAsync()), Is.EqualTo((HttpStatusCode.OK, "success")));
        Assert.That((await TicketsAsync(csm)).Single()["subject"]!.GetValue<string>(), Is.EqualTo("网点营业时间？"));
    }

    [Test]
    public async Task Bad_calls_are_refused_with_the_reason_and_write_nothing()
    {
        using var api = new ApiStandIn();
        await using var csm = await CsmFixture.StartAsync(Settings(api));
        var platform = new Platform(AppId, () => csm.Clock.GetUtcNow());
        var client = csm.Anonymous();
        var (query, body) = platform.Safe(Platform.Text(Customer, "hello", 2001));
        // A forged signature, a body that is not XML, a message for another account, an oversized body, a turned-off platform.
        await PostXmlAsync(client, "/api/public/wechat/callback" + query.Replace("msg_signature=", "msg_signature=0"), body).ExpectAsync(401);
        var notXml = await (await PostXmlAsync(client, "/api/public/wechat/callback" + query, "{\"not\":\"xml\"}").ExpectAsync(400)).NodeAsync();
        Assert.That(notXml["errors"]!["Encrypt"], Is.Not.Null);
        var foreign = new Platform("wx0000000000000000", () => csm.Clock.GetUtcNow()).Safe(Platform.Text(Customer, "hello", 2002));
        var wrongAccount = await (await PostXmlAsync(client, "/api/public/wechat/callback" + foreign.Query, foreign.Body).ExpectAsync(400)).NodeAsync();
        Assert.That(wrongAccount["errors"]!["Encrypt"]![0]!.GetValue<string>(), Does.Contain("AppId"));
        await PostXmlAsync(client, "/api/public/wechat/callback" + query, new string('x', 70_000)).ExpectAsync(413);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_tickets"), Is.Zero);
        Assert.That(await csm.CountAsync("SELECT COUNT(*) FROM tkt_wechat_messages"), Is.Zero);

        await using var off = await CsmFixture.StartAsync();
        var disabled = await (await PostXmlAsync(off.Anonymous(), "/api/public/wechat/callback" + query, body).ExpectAsync(404)).NodeAsync();
        Assert.That(disabled["title"]!.GetValue<string>(), Does.Contain("WeChat:OfficialAccount:Enabled"));
    }
}

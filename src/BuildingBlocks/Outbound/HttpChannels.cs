using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Csm.BuildingBlocks.Outbound;

/// <summary>The X-Csm-Signature of a webhook or gateway call.</summary>
public static class Signature
{
    /// <summary>"sha256=" + hex HMAC of the body, so a receiver can tell the call came from us unchanged.</summary>
    public static string Of(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));
}

/// <summary>The HTTP side shared by webhooks and the SMS gateway: one client, and what a status code means for a retry.</summary>
internal static class HttpDelivery
{
    public const string Client = "csm-outbound";

    public static async Task<Delivery> SendAsync(IHttpClientFactory http, HttpRequestMessage request, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(Client).SendAsync(request, ct);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DeliveryRefused($"{e.GetType().Name}: {e.Message}", permanent: false);
        }
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            var reply = $"{(int)response.StatusCode} {response.ReasonPhrase} {(text.Length > 300 ? text[..300] : text)}".TrimEnd();
            if (response.IsSuccessStatusCode) return new Delivery(OutboundStatus.Sent, reply);
            var passing = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
            throw new DeliveryRefused(reply, permanent: !passing);
        }
    }
}

/// <summary>A signed JSON POST to a URL a rule names (the body and signature are made when the message is queued).</summary>
internal sealed class WebhookChannel(IHttpClientFactory http) : IOutboundChannel, IOutboundConnection
{
    public string Name => OutboundChannels.Webhook;

    public IOutboundConnection Open() => this;

    public Task<Delivery> SendAsync(Envelope m, CancellationToken ct)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, m.Recipient) { Content = new StringContent(m.BodyText, Encoding.UTF8, "application/json") };
        if (m.Signature is not null) request.Headers.Add("X-Csm-Signature", m.Signature);
        request.Headers.Add("X-Csm-Delivery", m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return HttpDelivery.SendAsync(http, request, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>SMS through the configured HTTP gateway (POST {"to","text","reference"}, signed), or files in the development mode.</summary>
internal sealed class SmsChannel(IHttpClientFactory http, IOptions<SmsOptions> options, TimeProvider clock) : IOutboundChannel, IOutboundConnection
{
    public string Name => OutboundChannels.Sms;

    /// <summary>The text an SMS fails with while Sms:Mode is unset.</summary>
    public const string NoGateway = "no SMS gateway is configured: set Sms:Mode to Gateway (with Sms:GatewayUrl) or to FileDrop for development";

    public IOutboundConnection Open() => this;

    public async Task<Delivery> SendAsync(Envelope m, CancellationToken ct)
    {
        var o = options.Value;
        if (o.Mode is null) throw new DeliveryRefused(NoGateway, permanent: true);
        if (o.Mode == SmsMode.FileDrop)
            return await DropFolder.WriteAsync(o.DropDirectory, clock.GetUtcNow(), m, "txt", "no gateway was asked",
                file => File.WriteAllTextAsync(file, $"To: {m.Recipient}\n\n{m.BodyText}\n", Encoding.UTF8, ct));
        if (string.IsNullOrWhiteSpace(o.GatewayUrl)) throw new DeliveryRefused("Sms:Mode is Gateway but Sms:GatewayUrl is not set", permanent: false);
        var body = JsonSerializer.Serialize(new { to = m.Recipient, text = m.BodyText, reference = $"csm-{m.Id}" });
        var request = new HttpRequestMessage(HttpMethod.Post, o.GatewayUrl) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (!string.IsNullOrEmpty(o.Secret)) request.Headers.Add("X-Csm-Signature", Signature.Of(o.Secret, body));
        return await HttpDelivery.SendAsync(http, request, ct);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Surveys.Delivery;

/// <summary>Sends one e-mail over SMTP, or drops it as an .eml file (the embedded default).</summary>
internal sealed class EmailSender(IOptions<SurveysOptions> options)
{
    public async Task SendAsync(long messageId, string to, string subject, string body, CancellationToken ct)
    {
        var o = options.Value.Email;
        using var message = new MailMessage(o.From, to, subject, body)
        {
            SubjectEncoding = Encoding.UTF8,
            BodyEncoding = Encoding.UTF8,
            BodyTransferEncoding = TransferEncoding.Base64,
        };
        // A stable id lets a receiving server or client recognise a redelivery after a lost acknowledgement.
        message.Headers.Add("Message-ID", $"<survey-message-{messageId}@csm>");
        using var smtp = new SmtpClient();
        if (o.Mode == EmailDelivery.Smtp)
        {
            smtp.Host = o.Host;
            smtp.Port = o.Port;
            smtp.EnableSsl = o.EnableSsl;
            smtp.Timeout = o.TimeoutSeconds * 1000;
            if (o.UserName is not null) smtp.Credentials = new NetworkCredential(o.UserName, o.Password);
        }
        else
        {
            var directory = Path.GetFullPath(o.DropDirectory);
            Directory.CreateDirectory(directory);
            smtp.DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory;
            smtp.PickupDirectoryLocation = directory;
        }
        await smtp.SendMailAsync(message, ct);
    }
}

/// <summary>Sends one SMS through the configured HTTP gateway (POST {"to","text"}), or drops it as a file without one.</summary>
internal sealed class SmsSender(IHttpClientFactory http, IOptions<SurveysOptions> options)
{
    public async Task SendAsync(long messageId, string to, string text, CancellationToken ct)
    {
        var o = options.Value.Sms;
        if (string.IsNullOrWhiteSpace(o.GatewayUrl))
        {
            var directory = Path.GetFullPath(o.DropDirectory);
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, $"sms-{messageId}.txt"), $"To: {to}\n\n{text}\n", Encoding.UTF8, ct);
            return;
        }
        using var client = http.CreateClient(nameof(SmsSender));
        using var response = await client.PostAsJsonAsync(o.GatewayUrl, new { to, text, reference = $"survey-message-{messageId}" }, ct);
        response.EnsureSuccessStatusCode();
    }
}

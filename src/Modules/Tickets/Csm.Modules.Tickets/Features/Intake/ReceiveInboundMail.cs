using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Csm.BuildingBlocks.Http;
using Csm.Modules.Tickets.Mail;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Csm.Modules.Tickets.Features.Intake;

/// <summary>
/// The inbound mail webhook for mail gateways (Mailgun, SendGrid, Postmark and the like, or a company's own relay) that
/// parse mail and post it as JSON: signed with the shared secret <c>Tickets:InboundMail:Secret</c> (HMAC-SHA256 of
/// "{timestamp}.{raw body}", the timestamp in X-Csm-Timestamp, refused when more than five minutes away from now), then
/// taken exactly as a message polled over IMAP is (<see cref="MailIntake"/>), as tickets of <c>Tickets:InboundMail:TicketType</c>.
/// </summary>
internal sealed class ReceiveInboundMail(MailIntake intake, IOptions<JsonOptions> json, IConfiguration configuration, TimeProvider clock)
    : EndpointWithoutRequest<Results<Ok<ReceiveInboundMail.Receipt>, ValidationProblem, ProblemHttpResult>>
{
    public const string TimestampHeader = "X-Csm-Timestamp";
    public const string SignatureHeader = "X-Csm-Signature";

    /// <param name="From">The sender, "name@example.cn" or "Name &lt;name@example.cn&gt;".</param>
    /// <param name="Headers">Any other headers, by name (Auto-Submitted, Precedence... tell a machine's mail from a person's).</param>
    public sealed record Message(
        string From, IReadOnlyList<string>? To, string? Subject, string? Text, string? Html, string? MessageId, string? InReplyTo,
        IReadOnlyList<string>? References, IReadOnlyDictionary<string, string>? Headers, IReadOnlyList<File>? Attachments);

    /// <param name="Content">The file's bytes, base64.</param>
    public sealed record File(string FileName, string? ContentType, string Content);

    /// <param name="Outcome">ticket, reply, ignored (an auto-reply or a bounce), parked or duplicate (taken before).</param>
    public sealed record Receipt(string Outcome, long? TicketId, string? Number, string? Reason);

    private sealed class Rules : AbstractValidator<Message>
    {
        public Rules()
        {
            RuleFor(m => m.From).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(400)
                .Must(f => MimeKit.MailboxAddress.TryParse(f, out var a) && a.Address.Contains('@')).WithMessage("An e-mail address, optionally with a name.");
            RuleFor(m => m.Subject).MaximumLength(2000);
            RuleFor(m => m.Text).MaximumLength(1_000_000);
            RuleFor(m => m.Html).MaximumLength(5_000_000);
            RuleFor(m => m.MessageId).MaximumLength(1000);
            RuleFor(m => m.InReplyTo).MaximumLength(1000);
            RuleFor(m => m.To).Must(l => l!.Count <= 100).When(m => m.To is not null).WithMessage("At most 100 recipients.");
            RuleFor(m => m.References).Cascade(CascadeMode.Stop).Must(l => l!.Count <= 100).When(m => m.References is not null).WithMessage("At most 100 references.");
            RuleForEach(m => m.References).NotNull().MaximumLength(1000);
            RuleFor(m => m.Headers).Must(h => h!.Count <= 200).When(m => m.Headers is not null).WithMessage("At most 200 headers.");
            RuleFor(m => m.Attachments).Must(a => a!.Count <= 50).When(m => m.Attachments is not null).WithMessage("At most 50 attachments.");
            RuleForEach(m => m.Attachments).Cascade(CascadeMode.Stop).NotNull().ChildRules(f =>
            {
                f.RuleFor(x => x.FileName).NotEmpty().MaximumLength(1000);
                f.RuleFor(x => x.Content).Cascade(CascadeMode.Stop).NotNull().Must(IsBase64).WithMessage("The file's bytes in base64.");
            });
        }

        private static bool IsBase64(string content) => content.Length % 4 == 0 && Convert.TryFromBase64String(content, new byte[content.Length / 4 * 3], out _);
    }

    private static readonly Rules Check = new();

    public override void Configure()
    {
        Post("public/inbound-mail");
        AllowAnonymous();
        // The endpoint reads the raw body itself: the signature is over its exact bytes.
        Description(d => d
            .WithTags("Tickets")
            .WithName("Tickets_InboundMail")
            .WithSummary("Takes an e-mail a mail gateway parsed (signed JSON): a new ticket or a customer's reply, as for a polled mailbox")
            .WithDescription($$"""
            Signed with the shared secret `Tickets:InboundMail:Secret`: `{{TimestampHeader}}` is the Unix time in seconds, `{{SignatureHeader}}`
            is `sha256=` + the hex HMAC-SHA256 of `{timestamp}.{raw body}`. A bad signature, or a timestamp more than five minutes
            from now, is 401. The same messageId is taken once (`duplicate`). 404 while no secret is set.
            """)
            .ClearDefaultAccepts()
            .Accepts<Message>("application/json")
            .WithMetadata(new BodySizeLimit(AttachmentLimits(Config)))
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireRateLimiting(RateLimits.Public));
    }

    /// <summary>Room for a ticket's whole allowance of files in base64, and the words.</summary>
    private static long AttachmentLimits(IConfiguration configuration) =>
        Csm.Modules.Tickets.Attachments.AttachmentLimits.From(configuration).MaxTicketBytes / 3 * 4 + 8L * 1024 * 1024;

    public override async Task<Results<Ok<Receipt>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        if (configuration["Tickets:InboundMail:Secret"] is not { Length: > 0 } secret)
            return TypedResults.Problem(statusCode: 404, title: "The inbound mail webhook is turned off (Tickets:InboundMail:Secret is not set).");
        using var buffer = new MemoryStream();
        await HttpContext.Request.Body.CopyToAsync(buffer, ct);
        var body = buffer.ToArray();
        if (Unsigned(secret, body) is { } why) return TypedResults.Problem(why, statusCode: 401, title: "Not signed by the mail gateway");

        var message = JsonSerializer.Deserialize<Message>(body, json.Value.SerializerOptions)
            ?? throw new JsonException("The body is not a JSON object.", "$", null, null);
        var verdict = Check.Validate(message);
        if (!verdict.IsValid)
            return Problems.Invalid(verdict.Errors.GroupBy(e => Camel(e.PropertyName)).ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).ToArray()));
        var files = new List<MailAttachment>();
        foreach (var file in message.Attachments ?? []) files.Add(new MailAttachment(file.FileName, Convert.FromBase64String(file.Content)));
        MimeKit.MailboxAddress.TryParse(message.From, out var from);
        var headers = new Dictionary<string, string>(message.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        var inbound = new InboundMessage(Sources.Webhook, configuration.GetValue("Tickets:InboundMail:TicketType", "inquiry")!, from!.Address, from.Name,
            message.Subject, message.Text, message.Html, message.MessageId, message.InReplyTo, message.References ?? [], headers, files);
        try
        {
            var result = await intake.TakeAsync(inbound, ct);
            return TypedResults.Ok(new Receipt(EnumText.Of(result.Outcome), result.TicketId, result.Number, result.Reason));
        }
        catch (MailboxMisconfigured e)
        {
            Logger.LogError("The inbound mail webhook cannot open tickets: {Why} (Tickets:InboundMail:TicketType)", e.Message);
            return TypedResults.Problem(statusCode: 503, title: "Csm cannot take mail right now; send it again later.");
        }
    }

    /// <summary>Why the request is not the gateway's, or null when it is: a signature over this very body, made in the last five minutes.</summary>
    private string? Unsigned(string secret, byte[] body)
    {
        var stamp = HttpContext.Request.Headers[TimestampHeader].ToString();
        var signature = HttpContext.Request.Headers[SignatureHeader].ToString();
        if (stamp.Length == 0 || signature.Length == 0) return $"Send {TimestampHeader} and {SignatureHeader}.";
        if (SignedCallbacks.Age(stamp, clock) is not { } age) return $"{TimestampHeader} is the Unix time in seconds.";
        if (age > SignedCallbacks.Tolerance) return $"The timestamp is {Math.Round(age.TotalMinutes)} minutes from now; a request is taken within 5 minutes of being signed.";
        return SignedCallbacks.SameSignature(Sign(secret, stamp, body), signature) ? null : "The signature does not match the body.";
    }

    /// <summary>"sha256=" + hex HMAC-SHA256 of "{timestamp}.{body}".</summary>
    private static string Sign(string secret, string timestamp, byte[] body)
    {
        var signed = Encoding.ASCII.GetBytes(timestamp + ".").Concat(body).ToArray();
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>"Attachments[0].Content" as the JSON names it: "attachments[0].content".</summary>
    private static string Camel(string path) => string.Join('.', path.Split('.').Select(p => p.Length == 0 ? p : char.ToLowerInvariant(p[0]) + p[1..]));
}

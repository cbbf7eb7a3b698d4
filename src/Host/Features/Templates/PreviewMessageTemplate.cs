using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Templates;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Templates;

/// <summary>
/// A kind of message as one real customer would get it: the text being edited (or the current one) with the
/// placeholders filled from what the sending module knows of that customer.
/// </summary>
internal sealed class PreviewMessageTemplate(MessageTemplates templates, IEnumerable<IMessagePreview> previews)
    : Endpoint<PreviewMessageTemplate.Request, Results<Ok<MessageText>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Subject">The subject being edited; the current one when absent.</param>
    /// <param name="Body">The body being edited; the current one when absent.</param>
    public sealed record Request(long CustomerId, string? Subject = null, string? Body = null);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.CustomerId).GreaterThan(0);
            RuleFor(r => r.Subject).MaximumLength(MessageTemplates.MaxSubject);
            RuleFor(r => r.Body).MaximumLength(MessageTemplates.MaxBody);
        }
    }

    public override void Configure()
    {
        Post("message-templates/{kind}/{language}/preview");
        Policies(Access.Manager);
        Description(d => d
            .WithName("MessageTemplates_Preview")
            .WithSummary("Shows a kind of message as a real customer would get it (managers)")
            .WithTags("Message templates")
            // A text past its limit is refused by the validator, naming the field; the body may be that long.
            .WithMetadata(new Csm.BuildingBlocks.Http.BodySizeLimit(8L * 1024 * 1024))
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<MessageText>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var (kind, language, missing) = SaveMessageTemplate.Target(templates, Route<string>("kind")!, Route<string>("language")!);
        if (missing is not null) return missing;
        if (SaveMessageTemplate.Unknown(kind!, request.Subject, request.Body) is { } refused) return refused;
        var preview = previews.FirstOrDefault(p => p.Module == kind!.Module)
            ?? throw new InvalidOperationException($"The module {kind!.Module} sends {kind.Name} but previews nothing.");
        if (await preview.ValuesAsync(kind!.Name, request.CustomerId, language!, ct) is not { } values) return Problems.NotFound("Customer", request.CustomerId);
        var current = await templates.TextAsync(kind.Name, language, ct);
        return TypedResults.Ok(new MessageText(
            Placeholders.Render(request.Subject ?? current.Subject, values), Placeholders.Render(request.Body ?? current.Body, values)));
    }
}

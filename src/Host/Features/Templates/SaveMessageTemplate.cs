using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Templates;
using Dapper;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Templates;

/// <summary>
/// A manager's text for a kind of message in a language. Placeholders the kind does not know are refused naming them,
/// so a message never goes out with a blank where a name should be.
/// </summary>
internal sealed class SaveMessageTemplate(DbSession session, MessageTemplates templates, AuditTrail audit, TimeProvider clock)
    : Endpoint<SaveMessageTemplate.Request, Results<Ok<MessageTemplateView>, ValidationProblem, ProblemHttpResult>>
{
    /// <param name="Version">The version read (0 when the default was in use).</param>
    public sealed record Request(string Subject, string Body, long Version);

    internal sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.Subject).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(MessageTemplates.MaxSubject);
            RuleFor(r => r.Body).Cascade(CascadeMode.Stop).NotEmpty().MaximumLength(MessageTemplates.MaxBody);
            RuleFor(r => r.Version).GreaterThanOrEqualTo(0);
        }
    }

    public override void Configure()
    {
        Put("message-templates/{kind}/{language}");
        Policies(Access.Manager);
        Description(d => d
            .WithName("MessageTemplates_Save")
            .WithSummary("Sets the subject and body a kind of message is sent with in a language (managers)")
            .WithTags("Message templates")
            // A text past its limit is refused by the validator, naming the field; the body may be that long.
            .WithMetadata(new Csm.BuildingBlocks.Http.BodySizeLimit(8L * 1024 * 1024))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict));
    }

    public override async Task<Results<Ok<MessageTemplateView>, ValidationProblem, ProblemHttpResult>> ExecuteAsync(Request request, CancellationToken ct)
    {
        var (kind, language, missing) = Target(templates, Route<string>("kind")!, Route<string>("language")!);
        if (missing is not null) return missing;
        if (Unknown(kind!, request.Subject, request.Body) is { } refused) return refused;

        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var before = (await templates.EditedAsync(ct)).GetValueOrDefault((kind!.Name, language!));
        var now = clock.GetUtcNow();
        var args = new { Kind = kind.Name, Language = language, request.Subject, request.Body, request.Version, Now = now, By = User.Identity?.Name };
        var saved = request.Version == 0
            ? await c.ExecuteAsync(session.Dialect.InsertIfAbsent("sys_message_templates", "kind, language, subject, body, version, updated_at, updated_by",
                "@Kind, @Language, @Subject, @Body, 1, @Now, @By", "kind, language"), args, tx)
            : await c.ExecuteAsync(
                """
                UPDATE sys_message_templates SET subject = @Subject, body = @Body, version = version + 1, updated_at = @Now, updated_by = @By
                WHERE kind = @Kind AND language = @Language AND version = @Version
                """, args, tx);
        if (saved == 0)
        {
            var current = await c.ExecuteScalarAsync<long?>("SELECT version FROM sys_message_templates WHERE kind = @Kind AND language = @Language", args, tx);
            return Problems.StaleVersion(request.Version, current ?? 0);
        }
        await audit.RecordAsync("host", "template.updated", "messageTemplate", $"{kind.Name}/{language}",
            before is null ? kind.Default(language) : new MessageText(before.Subject, before.Body), new MessageText(request.Subject, request.Body), ct);
        await session.CommitAsync(ct);
        templates.Changed();
        return TypedResults.Ok(MessageTemplateView.From(kind, await templates.EditedAsync(ct)));
    }

    /// <summary>The kind and language a route names, or the 404 saying which is unknown.</summary>
    internal static (MessageKind? Kind, string? Language, ProblemHttpResult? Problem) Target(MessageTemplates templates, string kind, string language)
    {
        if (templates.Find(kind) is not { } found) return (null, null, Problems.NotFound("Message kind", kind));
        if (!TemplateLanguages.All.Contains(language)) return (null, null, Problems.NotFound("Template language (zh-CN or en)", language));
        return (found, language, null);
    }

    /// <summary>400 naming the field and the placeholders the kind does not know; null when there are none.</summary>
    internal static ValidationProblem? Unknown(MessageKind kind, string? subject, string? body)
    {
        foreach (var (field, text) in new[] { ("subject", subject), ("body", body) })
        {
            var unknown = MessageTemplates.Unknown(kind, text).ToList();
            if (unknown.Count > 0)
                return Problems.Invalid(field, $"Unknown placeholder {string.Join(", ", unknown.Select(u => "{{" + u + "}}"))}; "
                    + $"a {kind.Name} message knows {string.Join(", ", kind.Placeholders.Select(p => "{{" + p + "}}"))}.");
        }
        return null;
    }
}

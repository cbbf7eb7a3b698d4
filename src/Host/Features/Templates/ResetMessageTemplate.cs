using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Audit;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Data;
using Csm.BuildingBlocks.Templates;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Templates;

/// <summary>Goes back to the module's default text for a kind of message in a language.</summary>
internal sealed class ResetMessageTemplate(DbSession session, MessageTemplates templates, AuditTrail audit)
    : EndpointWithoutRequest<Results<Ok<MessageTemplateView>, ProblemHttpResult>>
{
    public override void Configure()
    {
        Delete("message-templates/{kind}/{language}");
        Policies(Access.Manager);
        Description(d => d
            .WithName("MessageTemplates_Reset")
            .WithSummary("Sends a kind of message with its default text again in a language (managers)")
            .WithTags("Message templates")
            .ProducesProblem(StatusCodes.Status404NotFound));
    }

    public override async Task<Results<Ok<MessageTemplateView>, ProblemHttpResult>> ExecuteAsync(CancellationToken ct)
    {
        var (kind, language, missing) = SaveMessageTemplate.Target(templates, Route<string>("kind")!, Route<string>("language")!);
        if (missing is not null) return missing;
        var tx = await session.BeginAsync(ct);
        var c = await session.ConnectionAsync(ct);
        var before = (await templates.EditedAsync(ct)).GetValueOrDefault((kind!.Name, language!));
        var removed = await c.ExecuteAsync("DELETE FROM sys_message_templates WHERE kind = @Kind AND language = @Language",
            new { Kind = kind.Name, Language = language }, tx);
        if (removed > 0)
            await audit.RecordAsync("host", "template.reset", "messageTemplate", $"{kind.Name}/{language}",
                before is null ? null : new MessageText(before.Subject, before.Body), kind.Default(language), ct);
        await session.CommitAsync(ct);
        templates.Changed();
        return TypedResults.Ok(MessageTemplateView.From(kind, await templates.EditedAsync(ct)));
    }
}

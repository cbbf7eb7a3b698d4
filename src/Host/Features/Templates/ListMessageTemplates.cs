using Csm.BuildingBlocks;
using Csm.BuildingBlocks.Auth;
using Csm.BuildingBlocks.Templates;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Csm.Host.Features.Templates;

internal sealed class ListMessageTemplates(MessageTemplates templates) : EndpointWithoutRequest<Ok<Paged<MessageTemplateView>>>
{
    public override void Configure()
    {
        Get("message-templates");
        Policies(Access.Manager);
        Description(d => d
            .WithName("MessageTemplates_List")
            .WithSummary("Lists every kind of message Csm sends, its placeholders and its texts in Chinese and English (managers)")
            .WithTags("Message templates"));
    }

    public override async Task<Ok<Paged<MessageTemplateView>>> ExecuteAsync(CancellationToken ct)
    {
        var edited = await templates.EditedAsync(ct);
        var items = templates.Kinds.OrderBy(k => k.Module, StringComparer.Ordinal).ThenBy(k => k.Name, StringComparer.Ordinal)
            .Select(k => MessageTemplateView.From(k, edited)).ToList();
        return TypedResults.Ok(new Paged<MessageTemplateView>(items, items.Count, 1, Math.Max(1, items.Count)));
    }
}

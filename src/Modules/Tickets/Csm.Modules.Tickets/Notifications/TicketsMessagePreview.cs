using Csm.BuildingBlocks.Templates;
using Csm.Modules.Tickets.Events;

namespace Csm.Modules.Tickets.Notifications;

/// <summary>The placeholders of the ticket e-mails for one real customer: their name and their latest ticket (or an example one).</summary>
internal sealed class TicketsMessagePreview(Db db) : IMessagePreview
{
    public string Module => TicketMail.Module;

    private sealed record Latest
    {
        public string Number { get; init; } = "";
        public string Subject { get; init; } = "";
    }

    public async Task<IReadOnlyDictionary<string, string?>?> ValuesAsync(string kind, long customerId, string language, CancellationToken ct)
    {
        await using var c = await db.OpenAsync(ct);
        if (await CustomerReadModel.FindAsync(c, customerId, null) is not { } customer) return null;
        var latest = await c.QueryFirstOrDefaultAsync<Latest>(
            $"SELECT {db.Dialect.Top(1)} number, subject FROM tkt_tickets WHERE customer_id = @Id AND kind <> 'task' ORDER BY id DESC {db.Dialect.Limit(1)}",
            new { Id = customerId });
        var chinese = TemplateLanguages.IsChinese(language);
        return new Dictionary<string, string?>
        {
            ["customerName"] = customer.Name,
            ["ticketNumber"] = latest?.Number ?? "TK-2026-000123",
            ["ticketSubject"] = latest?.Subject ?? (chinese ? "打印机卡纸（示例）" : "Printer jams (example)"),
            ["reply"] = chinese ? "您好，工程师明天上午到现场处理。" : "Hello, our engineer will be with you tomorrow morning.",
        };
    }
}

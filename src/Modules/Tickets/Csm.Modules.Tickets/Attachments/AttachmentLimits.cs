namespace Csm.Modules.Tickets.Attachments;

/// <summary>How much a ticket takes (settings Attachments:*): per file, per ticket (its own uploads) and per request.</summary>
internal sealed class AttachmentLimits
{
    public const string Section = "Attachments";

    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;
    public long MaxTicketBytes { get; set; } = 100L * 1024 * 1024;
    public int MaxFilesPerRequest { get; set; } = 20;

    /// <summary>The largest body an upload may have: a ticket's whole allowance and room for the form's own parts.</summary>
    public long MaxRequestBytes => MaxTicketBytes + 1024 * 1024;
}

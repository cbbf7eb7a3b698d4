using System.Globalization;
using Csm.BuildingBlocks.Modules;
using Microsoft.Extensions.Configuration;

namespace Csm.Modules.Tickets.Attachments;

/// <summary>How much a ticket takes (settings Attachments:*): per file, per ticket (its own uploads) and per request.</summary>
internal sealed class AttachmentLimits
{
    public const string Section = "Attachments";

    public long MaxFileBytes { get; init; } = 20L * 1024 * 1024;
    public long MaxTicketBytes { get; init; } = 100L * 1024 * 1024;
    public int MaxFilesPerRequest { get; init; } = 20;

    /// <summary>The largest body an upload may have: a ticket's whole allowance and room for the form's own parts.</summary>
    public long MaxRequestBytes => MaxTicketBytes + 1024 * 1024;

    /// <summary>The settings, or the host does not start: a limit that is not a positive whole number is named.</summary>
    public static AttachmentLimits From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var defaults = new AttachmentLimits();
        return new AttachmentLimits
        {
            MaxFileBytes = Positive(section, nameof(MaxFileBytes), defaults.MaxFileBytes),
            MaxTicketBytes = Positive(section, nameof(MaxTicketBytes), defaults.MaxTicketBytes),
            MaxFilesPerRequest = (int)Math.Min(int.MaxValue, Positive(section, nameof(MaxFilesPerRequest), defaults.MaxFilesPerRequest)),
        };
    }

    private static long Positive(IConfigurationSection section, string key, long fallback)
    {
        if (section[key] is not { Length: > 0 } text) return fallback;
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw HostCannotStart.Setting($"{Section}:{key}", $"'{text}' is not a positive whole number of {(key.EndsWith("Bytes", StringComparison.Ordinal) ? "bytes" : "files")}.");
    }
}

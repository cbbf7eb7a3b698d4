namespace Csm.Modules.Reports.Voice;

/// <summary>A comment as the voice-of-customer queries read it from rpt_responses; Group is the theme or side it was read for.</summary>
internal sealed record VerbatimRow
{
    public string Group { get; init; } = "";
    public long ResponseId { get; init; }
    public DateTimeOffset RespondedAt { get; init; }
    public string Comment { get; init; } = "";
    public long? CustomerId { get; init; }
    public long? Nps { get; init; }
    public long? Csat { get; init; }
    public long? Ces { get; init; }

    public const string Columns = "r.response_id AS ResponseId, r.responded_at AS RespondedAt, r.comment AS Comment, r.customer_id AS CustomerId, r.nps AS Nps, r.csat AS Csat, r.ces AS Ces";

    public Features.VoiceOfCustomerReport.Verbatim ToVerbatim() => new(ResponseId, RespondedAt, Comment, CustomerId, Nps, Csat, Ces);
}

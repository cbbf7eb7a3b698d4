namespace Csm.Modules.Surveys.Delivery;

/// <summary>How this module's messages are named in the outbound queue: one business key per invitation.</summary>
internal static class SurveyMessages
{
    public const string Module = "surveys";
    public const string Invitation = "surveyInvitation";
    public const string Reminder = "surveyReminder";

    public static string Key(long invitationId) => "invitation:" + invitationId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static long? InvitationOf(string businessKey) =>
        businessKey.StartsWith("invitation:", StringComparison.Ordinal) && long.TryParse(businessKey.AsSpan(11), out var id) ? id : null;
}

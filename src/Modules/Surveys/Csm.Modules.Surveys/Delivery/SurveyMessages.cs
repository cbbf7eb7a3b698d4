namespace Csm.Modules.Surveys.Delivery;

/// <summary>How this module's messages are named in the outbound queue: one business key per invitation.</summary>
internal static class SurveyMessages
{
    public const string Module = "surveys";
    public const string Invitation = "surveyInvitation";
    public const string Reminder = "surveyReminder";

    public static string Key(long invitationId) => BusinessKey.Of("invitation", invitationId);

    public static long? InvitationOf(string businessKey) => BusinessKey.IdOf("invitation", businessKey);
}

namespace Csm.Modules.Surveys.Invitations;

/// <summary>An invitation's token: a <see cref="SecretToken"/>, of which only the hash is stored.</summary>
internal static class InvitationToken
{
    public static string New() => SecretToken.New();

    public static string Hash(string token) => SecretToken.Hash(token);
}

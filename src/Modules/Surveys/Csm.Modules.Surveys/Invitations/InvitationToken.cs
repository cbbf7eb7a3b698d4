using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Csm.Modules.Surveys.Invitations;

/// <summary>
/// 256 random bits, URL-safe. Only the SHA-256 of a token is stored, so a copy of the database does not
/// let anyone answer in a customer's name.
/// </summary>
internal static class InvitationToken
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

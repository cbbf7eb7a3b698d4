using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Csm.BuildingBlocks.Auth;

/// <summary>
/// A link's secret (a survey invitation, a portal magic link): 256 random bits, URL-safe. Only its SHA-256 is stored, so a
/// copy of the database lets nobody answer or sign in in a customer's name.
/// </summary>
public static class SecretToken
{
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}

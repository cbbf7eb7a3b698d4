using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Csm.BuildingBlocks.Outbound;

/// <summary>
/// Whether Csm talks TLS to the mail server it reached: a certificate the machine trusts or, when none vouches for it,
/// exactly the one Email:ServerCertificateThumbprint names (a private relay with its own certificate), never any other.
/// </summary>
internal static class RelayCertificate
{
    /// <summary>Null when the certificate is accepted, else what is wrong with it, for the message's error.</summary>
    public static string? Problem(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors, string? pin)
    {
        if (errors == SslPolicyErrors.None) return null;
        if (certificate is null) return $"the server's certificate is not acceptable: {errors}";
        var sha256 = Convert.ToHexString(certificate.GetCertHash(HashAlgorithmName.SHA256));
        var pinned = Normalized(pin);
        if (pinned.Length > 0 && (pinned == sha256 || pinned == Convert.ToHexString(certificate.GetCertHash()))) return null;
        var statuses = chain?.ChainStatus.Select(s => s.Status.ToString()).Distinct().ToList() ?? [];
        return $"the server's certificate ({certificate.Subject}, SHA-256 {sha256}) is not trusted: {errors}"
               + (statuses.Count > 0 ? $" ({string.Join(", ", statuses)})" : "")
               + (pinned.Length > 0 ? "; it is not the one Email:ServerCertificateThumbprint names"
                   : "; trust its issuer on this machine or pin it with Email:ServerCertificateThumbprint");
    }

    private static string Normalized(string? thumbprint) =>
        string.Concat((thumbprint ?? "").Where(char.IsAsciiHexDigit)).ToUpperInvariant();
}

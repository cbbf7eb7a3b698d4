using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Csm.Modules.Tickets.WeChat;

/// <summary>
/// The callback protocol both platforms publish (公众号 消息加解密 and 企业微信 回调加解密): a signature is the SHA-1 hex of
/// the sorted, concatenated strings (token, timestamp, nonce and, when encrypted, the ciphertext); the encrypted mode is
/// AES-256-CBC with the key Base64(EncodingAESKey + "="), the IV its first 16 bytes, PKCS#7 padding to a multiple of 32
/// bytes, over 16 random bytes + the message's length (4 bytes, big-endian) + the message + the receiver id (the
/// account's AppID, or the WeCom CorpID), which must be ours.
/// </summary>
internal sealed class WeChatCrypto
{
    private const int Block = 32;
    private readonly byte[] _key;
    private readonly string _token;
    private readonly string _receiverId;

    /// <param name="encodingAesKey">43 characters, or null for an account in plaintext mode (then only signatures are checked).</param>
    public WeChatCrypto(string token, string? encodingAesKey, string receiverId)
    {
        _token = token;
        _receiverId = receiverId;
        _key = string.IsNullOrEmpty(encodingAesKey) ? [] : Convert.FromBase64String(encodingAesKey + "=");
        if (_key.Length is not (0 or 32)) throw new ArgumentException("An EncodingAESKey is 43 characters of Base64 that decode to 32 bytes.", nameof(encodingAesKey));
    }

    public bool CanDecrypt => _key.Length == 32;

    public static string Sign(params string[] parts)
    {
        Array.Sort(parts, StringComparer.Ordinal);
        return Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(string.Concat(parts))));
    }

    /// <summary>Compares in constant time: a signature checked byte by byte with an early exit could be guessed by timing.</summary>
    public bool Verifies(string? signature, params string[] parts) =>
        signature is { Length: 40 } && Features.Intake.SignedCallbacks.SameSignature(Sign([_token, .. parts]), signature);

    /// <summary>The message inside a ciphertext; null when it does not decrypt, is malformed, or was meant for another receiver.</summary>
    public string? Decrypt(string base64)
    {
        if (!CanDecrypt) return null;
        byte[] plain;
        try
        {
            var cipher = Convert.FromBase64String(base64);
            if (cipher.Length == 0 || cipher.Length % 16 != 0) return null;
            using var aes = Aes.Create();
            aes.Key = _key;
            plain = aes.DecryptCbc(cipher, _key.AsSpan(0, 16), PaddingMode.None);
        }
        catch (FormatException) { return null; }
        catch (CryptographicException) { return null; }
        var pad = plain[^1];
        if (pad is < 1 or > Block || pad > plain.Length || plain.Length < 20 + pad) return null;
        var body = plain.AsSpan(0, plain.Length - pad);
        var length = BinaryPrimitives.ReadInt32BigEndian(body.Slice(16, 4));
        if (length < 0 || 20 + length > body.Length) return null;
        var receiver = Encoding.UTF8.GetString(body[(20 + length)..]);
        return receiver == _receiverId ? Encoding.UTF8.GetString(body.Slice(20, length)) : null;
    }
}

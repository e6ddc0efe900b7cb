using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Baton.Core.Access;

/// <summary>
/// The token format: <c>baton_ID.SECRET</c>, where SECRET is the HMAC-SHA256 of the id under the hub's key
/// (<c>.baton/hub.key</c>, 32 random bytes in base64url), base64url. Nothing secret is stored: a token is checked by
/// deriving it again and comparing in constant time; what the id may do is in the hub's token list.
/// </summary>
public static class HubToken
{
    /// <summary>Every token starts with this, so secret scanners and people can recognise one.</summary>
    public const string Prefix = "baton_";

    /// <summary>The id of the repository's own coordinator token, which every process that can read the key derives
    /// for itself (the CLI, <c>baton mcp</c>, <c>baton run</c>, <c>baton demo</c>).</summary>
    public const string LocalId = "local";

    private const int MacBytes = 32;

    /// <summary>The size of a hub key.</summary>
    public const int KeyBytes = 32;

    /// <summary>Reads the text of a key file; false when it is not a key.</summary>
    public static bool TryParseKey(string text, out byte[] key)
    {
        ArgumentNullException.ThrowIfNull(text);
        key = new byte[KeyBytes];
        if (Base64Url.TryDecodeFromChars(text.Trim(), key, out var written) && written == KeyBytes)
        {
            return true;
        }
        key = [];
        return false;
    }

    /// <summary>The text of a key file for <paramref name="key"/>.</summary>
    public static string FormatKey(ReadOnlySpan<byte> key) => Base64Url.EncodeToString(key) + "\n";

    /// <summary>The token for <paramref name="id"/> under <paramref name="key"/>.</summary>
    public static string Derive(ReadOnlySpan<byte> key, string id)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return Prefix + id + "." + Base64Url.EncodeToString(Mac(key, id));
    }

    /// <summary>The repository's own coordinator token.</summary>
    public static string Local(ReadOnlySpan<byte> key) => Derive(key, LocalId);

    /// <summary>Splits a token into its id and secret; false when it is not in the format.</summary>
    public static bool TryParse(string? token, out string id, out byte[] secret)
    {
        id = "";
        secret = [];
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return false;
        }
        var dot = token.IndexOf('.', Prefix.Length);
        if (dot <= Prefix.Length)
        {
            return false;
        }
        id = token[Prefix.Length..dot];
        if (!IsId(id))
        {
            return false;
        }
        var mac = new byte[MacBytes];
        if (!Base64Url.TryDecodeFromChars(token.AsSpan(dot + 1), mac, out var written) || written != MacBytes)
        {
            return false;
        }
        secret = mac;
        return true;
    }

    /// <summary>Whether the secret is the one <paramref name="key"/> gives <paramref name="id"/>, in constant time.</summary>
    public static bool Verify(ReadOnlySpan<byte> key, string id, ReadOnlySpan<byte> secret)
        => CryptographicOperations.FixedTimeEquals(Mac(key, id), secret);

    /// <summary>A fresh random token id: <c>t</c> and 12 lowercase hex digits.</summary>
    public static string NewId() => "t" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    /// <summary>Ids are short lowercase letters and digits.</summary>
    public static bool IsId(string id)
        => id.Length is > 0 and <= 32 && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'));

    private static byte[] Mac(ReadOnlySpan<byte> key, string id)
        => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("baton-token/v1/" + id));
}

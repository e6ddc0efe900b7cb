using System.Security.Cryptography;
using System.Text;
using Baton.Core.Access;

namespace Baton.Hub.Access;

/// <summary>
/// The hub's secret: 32 random bytes in <c>.baton/hub.key</c>, readable by its owner only (0600). Every token is
/// derived from it, so whoever can read the file can mint tokens (the CLI, <c>baton mcp</c> and <c>baton run</c> on
/// the same machine do), and replacing it (<see cref="Rotate"/>) invalidates every token at once.
/// </summary>
public static class AccessKey
{
    /// <summary>The key file's name inside the store's directory.</summary>
    public const string FileName = "hub.key";


    /// <summary>The key file's path in <paramref name="directory"/> (the store's <c>.baton</c> folder).</summary>
    public static string PathIn(string directory) => Path.Combine(directory, FileName);

    /// <summary>Reads the key, or creates it (owner-only) when there is none yet.</summary>
    public static byte[] LoadOrCreate(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        return TryLoad(directory) ?? Write(directory, replace: false);
    }

    /// <summary>Reads the key; null when the file does not exist. Throws <see cref="InvalidDataException"/> when the
    /// file is not a key, naming the file.</summary>
    public static byte[]? TryLoad(string directory)
    {
        var path = PathIn(directory);
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.ASCII).Trim();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }
        if (HubToken.TryParseKey(text, out var key))
        {
            TightenMode(path);
            return key;
        }
        throw new InvalidDataException($"{path} is not a Baton hub key (expected {HubToken.KeyBytes} bytes in base64url); delete it to have a new one made (every token then stops working)");
    }

    /// <summary>Replaces the key with a new random one: every token made so far, the repository's own included,
    /// stops working. A running hub sees the new key at its next request.</summary>
    public static byte[] Rotate(string directory) => Write(directory, replace: true);

    private static byte[] Write(string directory, bool replace)
    {
        Directory.CreateDirectory(directory);
        var key = RandomNumberGenerator.GetBytes(HubToken.KeyBytes);
        var path = PathIn(directory);
        if (!OwnerOnlyFile.Write(path, file => file.Write(Encoding.ASCII.GetBytes(HubToken.FormatKey(key))), replace))
        {
            // Another process made the key first: use theirs.
            return TryLoad(directory) ?? throw new InvalidDataException($"{path} vanished while it was being created");
        }
        return key;
    }

    /// <summary>A key file others can read is tightened to owner-only, as ssh insists for its keys.</summary>
    private static void TightenMode(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            if ((File.GetUnixFileMode(path) & ~OwnerOnlyFile.Mode) != 0)
            {
                File.SetUnixFileMode(path, OwnerOnlyFile.Mode);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Not the owner: reading worked, so the owner allowed it.
        }
    }
}

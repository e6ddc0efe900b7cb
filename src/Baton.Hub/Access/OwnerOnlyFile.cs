using System.Security.Cryptography;

namespace Baton.Hub.Access;

/// <summary>The hub's secret files (<c>hub.key</c>, <c>tokens.json</c>): written whole to a temporary file created
/// owner-only (0600) and renamed over the old one, so a reader never sees half a file and no other user can read it
/// even for a moment; and stamped (time and length) so readers notice a change with one <c>stat</c>.</summary>
internal static class OwnerOnlyFile
{
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, flushed to disk. With
    /// <paramref name="replace"/> false, false when the file already exists (another process wrote it first).</summary>
    public static bool Write(string path, Action<Stream> write, bool replace)
    {
        var temp = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }
        using (var file = new FileStream(temp, options))
        {
            write(file);
            file.Flush(flushToDisk: true);
        }
        try
        {
            File.Move(temp, path, overwrite: replace);
            return true;
        }
        catch (IOException) when (!replace && File.Exists(path))
        {
            File.Delete(temp);
            return false;
        }
    }

    /// <summary>When the file was last written and its length; default when it does not exist.</summary>
    public static (DateTime Written, long Length) Stamp(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? (info.LastWriteTimeUtc, info.Length) : default;
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Baton.Cli.Infrastructure;

/// <summary>
/// <c>.baton/store</c>: the store a repository uses when it is not <c>.baton/baton.db</c>, as <c>baton init --store</c>
/// was given it (a PostgreSQL URL or connection string, or a file elsewhere), so later verbs and <c>baton serve</c> in
/// the repository need no <c>--store</c>. It may hold a password, so it is written owner-only (0600), tightened when
/// found looser, and never printed (output shows the location without its password).
/// </summary>
internal static class StorePointer
{
    public const string FileName = "store";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string PathIn(string batonDirectory) => Path.Combine(batonDirectory, FileName);

    /// <summary>The recorded store, or null when the folder has no <c>store</c> file (or an empty one).</summary>
    public static string? TryRead(string batonDirectory)
    {
        var path = PathIn(batonDirectory);
        if (!File.Exists(path))
        {
            // One stat: most repositories have none, and this is on every verb's way to its store.
            return null;
        }
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        Tighten(path);
        return text.Length == 0 ? null : text;
    }

    /// <summary>Records <paramref name="store"/>: written whole to a temporary file made owner-only, then renamed over
    /// the old one. False when it already says that.</summary>
    public static bool Write(string batonDirectory, string store)
    {
        Directory.CreateDirectory(batonDirectory);
        if (TryRead(batonDirectory) == store.Trim())
        {
            return false;
        }
        var path = PathIn(batonDirectory);
        var temp = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }
        using (var file = new FileStream(temp, options))
        {
            file.Write(Encoding.UTF8.GetBytes(store.Trim() + "\n"));
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        return true;
    }

    // A store file others can read is tightened to owner-only, as ssh insists for its keys: it may hold a password.
    private static void Tighten(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        try
        {
            if ((File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
            {
                File.SetUnixFileMode(path, OwnerOnly);
            }
        }
        catch (UnauthorizedAccessException)
        {
            // Not the owner: reading worked, so the owner allowed it.
        }
    }
}

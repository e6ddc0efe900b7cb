using Baton.Core.Access;

namespace Baton.Client;

/// <summary>Where a client finds its hub token when it is given none: <c>BATON_TOKEN</c>, then the repository's own
/// token, derived from <c>.baton/hub.key</c> in the start folder or a parent (readable on the hub's machine by the
/// hub's owner only). A repository whose store is a PostgreSQL database keeps its key in the database, which this
/// library does not read: give such a client its token (<c>BATON_TOKEN</c>, or <see cref="BatonClientOptions.Token"/>);
/// the <c>baton</c> CLI derives it from the database itself. See docs/security.md.</summary>
public static class BatonTokens
{
    /// <summary>The environment variable a token may be given in.</summary>
    public const string EnvironmentVariable = "BATON_TOKEN";

    /// <summary><c>BATON_TOKEN</c>, else the repository's own token found from <paramref name="startDirectory"/>
    /// (default: the current directory) upward; null when there is neither.</summary>
    public static string? Find(string? startDirectory = null)
    {
        var token = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(token))
        {
            return token.Trim();
        }
        for (var dir = new DirectoryInfo(startDirectory ?? Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (FromKeyFile(Path.Combine(dir.FullName, ".baton", "hub.key")) is { } local)
            {
                return local;
            }
        }
        return null;
    }

    /// <summary>The repository's own token from the hub key at <paramref name="keyPath"/>; null when the file is
    /// missing, unreadable (another user's hub) or not a key.</summary>
    public static string? FromKeyFile(string keyPath)
    {
        try
        {
            return HubToken.TryParseKey(File.ReadAllText(keyPath), out var key) ? HubToken.Local(key) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

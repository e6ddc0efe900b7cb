namespace Baton.Storage.Sqlite;

/// <summary>The store was written by a newer Baton, whose schema this build does not know. Nothing was changed:
/// stores are migrated forward only, so the newer build (or a newer one still) is the one to use.</summary>
public sealed class StoreVersionException : Exception
{
    /// <summary>A refusal of the store at <paramref name="path"/>, at schema <paramref name="found"/>, by a build that
    /// knows versions up to <paramref name="supported"/>.</summary>
    public StoreVersionException(string path, int found, int supported)
        : base($"the store at {path} has schema version {found}, newer than this build of Baton knows (up to {supported}); "
            + "it was written by a newer baton: use that version or a later one (stores are migrated forward, never back)")
    {
        Path = path;
        Found = found;
        Supported = supported;
    }

    /// <summary>The store's file.</summary>
    public string Path { get; }

    /// <summary>The store's schema version.</summary>
    public int Found { get; }

    /// <summary>The newest schema version this build knows.</summary>
    public int Supported { get; }
}

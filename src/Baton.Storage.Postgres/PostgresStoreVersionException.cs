namespace Baton.Storage.Postgres;

/// <summary>The database holds a Baton store of a newer schema than this build knows. Nothing was changed: stores are
/// migrated forward only, so the newer build (or a newer one still) is the one to use.</summary>
public sealed class PostgresStoreVersionException : Exception
{
    /// <summary>A refusal of the store at <paramref name="location"/>, at schema <paramref name="found"/>, by a build that
    /// knows versions up to <paramref name="supported"/>.</summary>
    public PostgresStoreVersionException(string location, int found, int supported)
        : base($"the store at {location} has schema version {found}, newer than this build of Baton knows (up to {supported}); "
            + "it was written by a newer baton: use that version or a later one (stores are migrated forward, never back)")
    {
        Location = location;
        Found = found;
        Supported = supported;
    }

    /// <summary>The store's location (<see cref="PostgresLocation.Display"/>).</summary>
    public string Location { get; }

    /// <summary>The store's schema version.</summary>
    public int Found { get; }

    /// <summary>The newest schema version this build knows.</summary>
    public int Supported { get; }
}

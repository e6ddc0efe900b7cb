using Baton.Hub.Stores;

namespace Baton.Hub.Access;

/// <summary>Where the key and token list of the hubs on a store live.</summary>
public static class AccessStores
{
    /// <summary>For a SQLite store, the files in <paramref name="directory"/> (default: the store file's folder, the
    /// repository's <c>.baton/</c>); for a PostgreSQL store, its <c>access</c> table, unless a folder is given.</summary>
    public static IAccessStore For(StoreTarget target, TimeProvider time, string? directory = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        if (directory is null && target.Postgres is { } database)
        {
            return new DatabaseAccessStore(database, time);
        }
        return new FileAccessStore(directory ?? Path.GetDirectoryName(target.FilePath!)!, time); // a file target's path is full
    }
}

namespace Baton.Storage.Postgres;

// TODO(#29): a stand-in so the hub and the CLI compile against the PostgreSQL store's entry point while h/pgstore
// writes it; deleted when the real PostgresStore is merged.
/// <summary>Stand-in for the PostgreSQL store (not built yet).</summary>
public sealed class PostgresStore
{
    private PostgresStore()
    {
    }

    /// <summary>Opens the store (not built yet: always throws).</summary>
    public static Task<IBatonStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken)
        => throw new NotSupportedException($"the PostgreSQL store is not built yet ({options.Location.Display})");
}

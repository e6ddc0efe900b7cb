namespace Baton.Hub.Access;

/// <summary>
/// A PostgreSQL store's key and token list as this hub last read them, for <see cref="TokenValidator"/>, which asks at
/// every request and must not wait on the database. Read when the hub starts (the key made then if no hub made it yet),
/// then again by <see cref="AccessRefresher"/> every second, each row only when its <c>updated_at</c> moved: a token
/// revoked or a key rotated through another hub or a <c>baton token</c> call counts here within about a second.
/// </summary>
internal sealed class DatabaseAccessView : IAccessView
{
    private readonly DatabaseAccessStore _store;
    private volatile Snapshot _snapshot;

    private DatabaseAccessView(DatabaseAccessStore store, Snapshot first)
    {
        _store = store;
        _snapshot = first;
    }

    public string ListLocation => _store.KeyLocation;

    /// <summary>Reads the rows (making the key when there is none); the view then owns <paramref name="store"/>.</summary>
    public static async Task<DatabaseAccessView> OpenAsync(DatabaseAccessStore store, CancellationToken cancellationToken)
    {
        var key = await store.LoadOrCreateKeyAsync(cancellationToken);
        var rows = await store.ReadChangedAsync(-1, -1, cancellationToken);
        return new DatabaseAccessView(store, new Snapshot(rows.Key ?? key, rows.KeyStamp, ById(rows.Tokens ?? []), rows.TokensStamp));
    }

    public byte[] Key() => _snapshot.Key;

    public TokenRecord? Find(string id) => _snapshot.Tokens.GetValueOrDefault(id);

    /// <summary>Reads what changed since the last read. Only <see cref="AccessRefresher"/> calls it, one call at a time.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var last = _snapshot;
        var rows = await _store.ReadChangedAsync(last.KeyStamp, last.TokensStamp, cancellationToken);
        _snapshot = new Snapshot(rows.Key ?? last.Key, rows.KeyStamp, rows.Tokens is { } tokens ? ById(tokens) : last.Tokens, rows.TokensStamp);
    }

    /// <summary>Closes the database's connections (when the hub stops, after the refresh loop).</summary>
    public ValueTask CloseAsync() => _store.DisposeAsync();

    private static Dictionary<string, TokenRecord> ById(List<TokenRecord> tokens) => tokens.ToDictionary(t => t.Id, StringComparer.Ordinal);

    private sealed record Snapshot(byte[] Key, long KeyStamp, Dictionary<string, TokenRecord> Tokens, long TokensStamp);
}

using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests.Support;

/// <summary>A store's file in a temporary repository folder (<c>.baton/baton.db</c>), opened as local mode opens it.</summary>
internal sealed class StoreFile : IDisposable
{
    private readonly TempDirectory _dir = new();

    public string Path => System.IO.Path.Combine(_dir.Path, ".baton", "baton.db");

    public Task<SqliteStore> OpenAsync(bool create = false)
        => SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = Path, CreateIfMissing = create }, TestContext.Current.CancellationToken);

    public void Dispose() => _dir.Dispose();
}

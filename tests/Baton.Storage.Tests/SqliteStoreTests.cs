using Baton.Storage.Sqlite;
using Baton.Storage.Tests.Support;

namespace Baton.Storage.Tests;

public sealed class SqliteStoreTests : StoreContractTests
{
    private readonly TempDirectory _dir = new();

    protected override async Task<IBatonStore> CreateStoreAsync()
        => await SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_dir.Path, ".baton", "baton.db"),
            CreateIfMissing = true,
        }, TestContext.Current.CancellationToken);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public void RepositoryRoot_IsParentOfBatonFolder()
        => Assert.Equal(_dir.Path, Store.RepositoryRoot);

    [Fact]
    public async Task Open_MissingFileWithoutCreate_Throws()
        => await Assert.ThrowsAsync<FileNotFoundException>(() => SqliteStore.OpenAsync(
            new SqliteStoreOptions { DatabasePath = Path.Combine(_dir.Path, "nope.db") }, TestContext.Current.CancellationToken));
}

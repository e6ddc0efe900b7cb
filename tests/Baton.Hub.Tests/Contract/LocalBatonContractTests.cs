using Baton.Core.Api;
using Baton.Service;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Hub.Tests.Contract;

/// <summary>The contract in local mode: <see cref="LocalBaton"/> over a SQLite file, as the CLI runs it without a hub.</summary>
public sealed class LocalBatonContractTests : BatonApiContractTests
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "baton-contract-" + Guid.NewGuid().ToString("N")[..10]);
    private SqliteStore? _store;
    private LocalBaton? _local;

    protected override async Task<(IBatonApi Api, string Root)> OpenAsync(FakeTimeProvider time)
    {
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions
        {
            DatabasePath = Path.Combine(_directory, ".baton", "baton.db"),
            CreateIfMissing = true,
            WatchForChanges = false,
        }, TestContext.Current.CancellationToken);
        _local = new LocalBaton(_store, time);
        return (_local, _directory);
    }

    protected override async ValueTask CloseAsync()
    {
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp are harmless.
        }
    }
}

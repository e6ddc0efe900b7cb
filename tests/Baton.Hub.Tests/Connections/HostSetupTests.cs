using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Tests.Support;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Hub.Tests.Connections;

public sealed class HostSetupTests
{
    [Fact]
    public async Task TheHub_WatchesNoConfigurationFile()
    {
        // With reload on change, the host watches the directory it runs in and all below it (for
        // `baton serve`, the repository): every WAL write and every file an agent saves became a file event.
        await using var hub = await TestHub.StartAsync();
        var configuration = (IConfigurationRoot)hub.Hub.Services.GetRequiredService<IConfiguration>();
        var watching = configuration.Providers.OfType<FileConfigurationProvider>().Where(p => p.Source.ReloadOnChange).ToList();
        Assert.True(watching.Count == 0, "watched: " + string.Join(", ", watching.Select(p => p.Source.Path)));
        Assert.NotEmpty(configuration.Providers);
    }

    [Fact]
    public async Task AGivenStore_IsServed_AndClosedWhenTheHubStops()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("baton-hub-given-store-").FullName;
        try
        {
            var path = Path.Combine(directory, "baton.db");
            var (store, observer) = ObservedStore.Wrap(await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = true }, ct));
            await using (var hub = await BatonHub.StartAsync(new HubOptions { StorePath = "given", Store = store, Urls = "http://127.0.0.1:0", AccessDirectory = directory }, ct))
            {
                var connected = await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub.Url, Token = HubToken.Local(AccessKey.LoadOrCreate(directory)), Role = "coordinator" }, ct);
                Assert.True(connected.IsOk, connected.Error?.Message);
                await using var client = connected.Value;
                var imported = await client.ImportAsync("""{"tasks":[{"id":"t1","title":"one"}]}""", ct);
                Assert.True(imported.IsOk, imported.Error?.Message);
                Assert.False(observer.Closed);
            }
            Assert.True(observer.Closed);

            // The import reached the given store's file, not a store the hub opened at StorePath.
            await using var reopened = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path }, ct);
            var shown = await reopened.ShowTaskAsync(new TaskId("t1"), ct);
            Assert.True(shown.IsOk, shown.Error?.Message);
            Assert.False(File.Exists(Path.Combine(Environment.CurrentDirectory, "given")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task AGivenStore_IsClosed_WhenTheOptionsAreRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var directory = Directory.CreateTempSubdirectory("baton-hub-given-store-").FullName;
        try
        {
            var (store, observer) = ObservedStore.Wrap(await SqliteStore.OpenAsync(
                new SqliteStoreOptions { DatabasePath = Path.Combine(directory, "baton.db"), CreateIfMissing = true }, ct));
            await Assert.ThrowsAnyAsync<ArgumentException>(() => BatonHub.StartAsync(
                new HubOptions { StorePath = "given", Store = store, Urls = "http://127.0.0.1:0", DefaultLease = TimeSpan.Zero }, ct));
            Assert.True(observer.Closed);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub.Tests.Support;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Connections;

/// <summary>One hub per SQLite store: a second hub on a store a hub serves refuses to start, names the first, and
/// changes nothing (without the lock it took the first hub's connected workers for orphans and released their
/// tasks after its grace).</summary>
public sealed class OneHubPerStoreTests
{
    [Fact]
    public async Task StartAsync_SecondHubOnTheStore_RefusesNamingTheFirstAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestHub.StartAsync();
        await first.SeedAsync("t1");
        await using var worker = (await BatonClient.ConnectAsync(new BatonClientOptions { Server = first.Url, Token = first.Token, Worker = new WorkerId("w1") }, ct)).Value;
        var claim = await worker.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(claim.IsOk, claim.Error?.Message);
        var lastEvent = await LastEventIdAsync(first.StorePath);

        // Grace zero: had it started, it would release w1's task at once.
        var refused = await Assert.ThrowsAsync<HubAlreadyRunningException>(() => StartAsync(first.StorePath, TimeSpan.Zero));

        var url = first.Url.ToString().TrimEnd('/');
        Assert.Contains($"a hub already serves this store at {url} (pid {Environment.ProcessId})", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"--server {url}", refused.Message, StringComparison.Ordinal);
        Assert.Equal(first.Url, refused.Running.Url);
        Assert.Equal(lastEvent, await LastEventIdAsync(first.StorePath));
        // The first hub still serves, and its worker still holds its task and shows connected.
        var status = await worker.StatusAsync(ct);
        Assert.True(status.IsOk, status.Error?.Message);
        Assert.True(Assert.Single(status.Value.Workers).Connected);
        var task = (await worker.ShowTaskAsync(new TaskId("t1"), ct)).Value.Task;
        Assert.Equal(TaskState.Leased, task.State);
        Assert.Equal(claim.Value.Lease.Id, task.CurrentLease!.Id);
        Assert.Equal(first.Url, HubLockFile.TryReadRunning(first.StorePath)?.Url);
    }

    [Fact]
    public async Task StartAsync_AfterTheFirstHubStopped_TakesTheStoreAndPublishesItsOwnUrl()
    {
        await using var first = await TestHub.StartAsync();
        var storePath = first.StorePath;
        var running = HubLockFile.TryReadRunning(storePath);
        Assert.NotNull(running);
        Assert.Equal(first.Url, running.Url);
        Assert.Equal(Environment.ProcessId, running.Pid);
        Assert.Equal(Path.GetFullPath(storePath), running.Store);

        await first.Hub.StopAsync();
        Assert.Null(HubLockFile.TryReadRunning(storePath));
        Assert.False(File.Exists(HubLockFile.RecordPath(storePath)), "the stopped hub left its record");

        await using (var second = await StartAsync(storePath, TimeSpan.FromSeconds(15)))
        {
            Assert.Equal(second.Url, HubLockFile.TryReadRunning(storePath)?.Url);
            Assert.NotEqual(first.Url, second.Url);
        }
        Assert.Null(HubLockFile.TryReadRunning(storePath));
    }

    [Fact]
    public async Task TryReadRunning_RecordLeftByADeadHub_IsNoHub_AndANewHubStartsOverIt()
    {
        var directory = Directory.CreateTempSubdirectory("baton-hub-lock-").FullName;
        try
        {
            var storePath = Path.Combine(directory, ".baton", "baton.db");
            Directory.CreateDirectory(Path.GetDirectoryName(storePath)!);
            // What a hub killed with -9 leaves: its record and the unlocked lock file.
            await File.WriteAllTextAsync(HubLockFile.RecordPath(storePath),
                $$"""{"url":"http://127.0.0.1:1","pid":999999,"started_at":"2026-01-01T00:00:00+00:00","store":"{{storePath}}"}""", TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(HubLockFile.LockPath(storePath), [], TestContext.Current.CancellationToken);

            Assert.Null(HubLockFile.TryReadRunning(storePath));
            await using var hub = await StartAsync(storePath, TimeSpan.FromSeconds(15));
            var running = HubLockFile.TryReadRunning(storePath);
            Assert.Equal(hub.Url, running?.Url);
            Assert.Equal(Environment.ProcessId, running?.Pid);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task<RunningHub> StartAsync(string storePath, TimeSpan grace) => BatonHub.StartAsync(new HubOptions
    {
        StorePath = storePath,
        Urls = "http://127.0.0.1:0",
        CreateStoreIfMissing = true,
        DisconnectGrace = grace,
        ConfigureLogging = logging => logging.ClearProviders(),
    }, TestContext.Current.CancellationToken);

    private static async Task<long> LastEventIdAsync(string storePath)
    {
        await using var store = await SqliteStore.OpenAsync(
            new SqliteStoreOptions { DatabasePath = storePath, WatchForChanges = false }, TestContext.Current.CancellationToken);
        return await store.LastEventIdAsync(TestContext.Current.CancellationToken);
    }
}

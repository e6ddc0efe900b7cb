using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub;
using Baton.Hub.Access;
using Baton.Service;
using Baton.Storage;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Baton.Benchmarks;

/// <summary>Failure detection (a worker dies holding a task: how long until the next worker has it) and hub
/// recovery (a hub process starts on a big store: how long until it serves a claim).</summary>
internal static class RecoveryScenarios
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static string NewStorePath()
    {
        var dir = Path.Combine(Path.GetTempPath(), "baton-bench-" + Guid.NewGuid().ToString("N")[..8]);
        return Path.Combine(dir, ".baton", "baton.db");
    }

    private static void DeleteStore(string path) => Directory.Delete(Path.GetDirectoryName(Path.GetDirectoryName(path))!, recursive: true);

    private static TaskSpec Spec(int i) => new() { Id = new TaskId("t" + i.ToString(CultureInfo.InvariantCulture)), Title = "task " + i };

    private static async Task SeedAsync(string path, int tasks)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = true }, None);
        for (var from = 0; from < tasks; from += 1000)
        {
            var batch = Enumerable.Range(from, Math.Min(1000, tasks - from)).Select(Spec).ToList();
            await store.ImportAsync(batch, null, [], TimeProvider.System.GetUtcNow(), None);
        }
    }

    /// <summary>A persistent hub worker claims and then its connection dies without a close (as when its process
    /// is killed); a second worker waits in a claim. Measured: the abort to the waiter holding the task.</summary>
    public static async Task<BenchResult> HubWorkerDetectionAsync(TimeSpan grace, int samples)
    {
        var path = NewStorePath();
        await SeedAsync(path, 0);
        // Another handle on the file adds one task per sample, so the waiter can only get the dead worker's.
        await using var seeder = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false }, None);
        await using var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = path,
            Urls = "http://127.0.0.1:0",
            DisconnectGrace = grace,
            ConfigureLogging = logging => logging.ClearProviders(),
        }, None);
        var rescuer = new WorkerId("rescuer");
        await using var waiter = (await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub.Url, Token = TokenFor(path), Worker = rescuer }, None)).Value;
        var detections = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            await seeder.ImportAsync([Spec(i)], null, [], TimeProvider.System.GetUtcNow(), None);
            using var victim = new ClientWebSocket();
            await victim.ConnectAsync(new UriBuilder(hub.Url) { Scheme = "ws", Path = "/ws" }.Uri, None);
            await SendAsync(victim, $$"""{"type":"hello","id":1,"protocol":1,"worker":"victim{{i}}","session":"persistent"}""");
            await SendAsync(victim, """{"type":"claim","id":2}""");
            var assigned = await ReceiveAsync(victim, 2);
            if (!assigned.Contains("\"task.assigned\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the victim's claim got no task: " + assigned);
            }
            var claim = waiter.ClaimAsync(new ClaimRequest { Worker = rescuer, Wait = TimeSpan.FromMinutes(2) }, None);
            var killed = Stopwatch.GetTimestamp();
            victim.Abort();
            var rescued = await claim;
            detections.Add(Stopwatch.GetElapsedTime(killed).TotalMilliseconds);
            if (!rescued.IsOk || !assigned.Contains($"\"id\":\"{rescued.Value.Task.Id}\"", StringComparison.Ordinal))
            {
                throw new InvalidOperationException("the rescuer did not get the dead worker's task: " + (rescued.IsOk ? rescued.Value.Task.Id.Value : rescued.Error.Message));
            }
            await waiter.ReportAsync(new ReportRequest { TaskId = rescued.Value.Task.Id, Worker = rescuer, Outcome = ReportOutcome.Done, Summary = "ok" }, None);
        }
        await hub.StopAsync();
        DeleteStore(path);
        return new BenchResult("failure detection (worker killed -> task reassigned)", "hub, persistent worker (connection lost)",
            string.Create(CultureInfo.InvariantCulture, $"disconnect grace {grace.TotalSeconds:0.#} s, lease 10 min"), Millis(detections));
    }

    /// <summary>A local-mode worker claims with a short lease and dies; another process's worker waits in a claim
    /// (woken at the lease's expiry). Measured: the moment of the claim (the death) to the waiter holding the task.</summary>
    public static async Task<BenchResult> LocalWorkerDetectionAsync(TimeSpan lease, int samples)
    {
        var path = NewStorePath();
        await SeedAsync(path, 0);
        await using var victimStore = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path }, None);
        await using var rescuerStore = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path }, None);
        var victim = new LocalBaton(victimStore, TimeProvider.System);
        var rescuer = new LocalBaton(rescuerStore, TimeProvider.System);
        var detections = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            await victimStore.ImportAsync([Spec(i)], null, [], TimeProvider.System.GetUtcNow(), None);
            var claimed = await victim.ClaimAsync(new ClaimRequest { Worker = new WorkerId("victim" + i.ToString(CultureInfo.InvariantCulture)), Lease = lease }, None);
            var killed = Stopwatch.GetTimestamp();
            var rescued = await rescuer.ClaimAsync(new ClaimRequest { Worker = new WorkerId("rescuer"), Wait = TimeSpan.FromMinutes(1) }, None);
            detections.Add(Stopwatch.GetElapsedTime(killed).TotalMilliseconds);
            if (!rescued.IsOk || rescued.Value.Task.Id != claimed.Value.Task.Id)
            {
                throw new InvalidOperationException("the rescuer did not get the dead worker's task");
            }
            await rescuer.ReportAsync(new ReportRequest { TaskId = rescued.Value.Task.Id, Worker = new WorkerId("rescuer"), Outcome = ReportOutcome.Done, Summary = "ok" }, None);
        }
        await victim.DisposeAsync();
        await rescuer.DisposeAsync();
        DeleteStore(path);
        return new BenchResult("failure detection (worker killed -> task reassigned)", "local, lease expiry (other process waits)",
            string.Create(CultureInfo.InvariantCulture, $"lease {lease.TotalSeconds:0.#} s"), Millis(detections));
    }

    /// <summary>Starts a hub process (<c>baton serve</c>) on a store of <paramref name="tasks"/> tasks, some leased by
    /// workers the previous run left connected, and measures process start to the first claim it serves.</summary>
    public static async Task<BenchResult> HubRestartAsync(int tasks, int samples)
    {
        var baton = FindBatonDll();
        if (baton is null)
        {
            return new BenchResult("hub recovery (process start -> first claim served)", "hub process", $"{tasks} tasks", "skipped: build src/Baton.Cli first (baton.dll not found)");
        }
        var path = NewStorePath();
        await SeedAsync(path, tasks);
        await LeaveOrphansAsync(path, 50);
        var times = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            var port = FreePort();
            var started = Stopwatch.GetTimestamp();
            using var process = StartServe(baton, path, port);
            var worker = new WorkerId("after-restart" + i.ToString(CultureInfo.InvariantCulture));
            BatonClient? client = null;
            while (client is null)
            {
                var connected = await BatonClient.ConnectAsync(new BatonClientOptions { Server = new Uri($"http://127.0.0.1:{port}"), Token = TokenFor(path), Worker = worker, Reconnect = false, RequestTimeout = TimeSpan.FromSeconds(30) }, None);
                if (connected.IsOk)
                {
                    client = connected.Value;
                }
                else
                {
                    await Task.Delay(5);
                }
            }
            var claim = await client.ClaimAsync(new ClaimRequest { Worker = worker }, None);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (!claim.IsOk)
            {
                throw new InvalidOperationException(claim.Error.Message);
            }
            await client.DisposeAsync();
            // SIGKILL, as in a crash: the next sample recovers from it.
            process.Kill();
            await process.WaitForExitAsync();
        }
        DeleteStore(path);
        return new BenchResult("hub recovery (process start -> first claim served)", "hub process (dotnet baton.dll serve), killed -9 between samples",
            $"{tasks} tasks, 50 leased by orphaned workers", Millis(times));
    }

    private static async Task LeaveOrphansAsync(string path, int count)
    {
        await using var store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path }, None);
        for (var i = 0; i < count; i++)
        {
            var worker = new WorkerId("orphan" + i.ToString(CultureInfo.InvariantCulture));
            await store.TouchWorkerAsync(new WorkerPresence { Worker = worker, Connected = true }, TimeProvider.System.GetUtcNow(), None);
            await store.ClaimAsync(new ClaimRequest { Worker = worker }, TimeSpan.FromMinutes(10), TimeProvider.System.GetUtcNow(), None);
        }
    }

    private static Process StartServe(string baton, string store, int port)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { baton, "serve", "--urls", $"http://127.0.0.1:{port}", "--store", store })
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start baton serve");
        _ = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        return process;
    }

    private static string? FindBatonDll()
    {
        if (Environment.GetEnvironmentVariable("BATON_DLL") is { Length: > 0 } given)
        {
            return given;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var config in new[] { "Release", "Debug" })
            {
                var candidate = Path.Combine(dir.FullName, "src", "Baton.Cli", "bin", config, "net10.0", "baton.dll");
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static Task SendAsync(ClientWebSocket socket, string text)
        => socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, None);

    // Reads frames until the reply with this id.
    private static async Task<string> ReceiveAsync(ClientWebSocket socket, int id)
    {
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var frame = new MemoryStream();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), None);
                frame.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            var text = Encoding.UTF8.GetString(frame.ToArray());
            if (Environment.GetEnvironmentVariable("BATON_BENCH_DEBUG") == "1")
            {
                await Console.Error.WriteLineAsync(text);
            }
            var tag = $"\"id\":{id.ToString(CultureInfo.InvariantCulture)}";
            if (text.Contains(tag + ",", StringComparison.Ordinal) || text.Contains(tag + "}", StringComparison.Ordinal))
            {
                return text;
            }
        }
    }

    private static string Millis(List<double> ms)
    {
        ms.Sort();
        return string.Create(CultureInfo.InvariantCulture, $"median {ms[ms.Count / 2]:F0} ms, min {ms[0]:F0} ms, max {ms[^1]:F0} ms (n={ms.Count})");
    }

    /// <summary>The repository's own token for the store at <paramref name="storePath"/> (its key is made if the hub
    /// has not made it yet).</summary>
    private static string TokenFor(string storePath) => HubToken.Local(AccessKey.LoadOrCreate(Path.GetDirectoryName(storePath)!));
}

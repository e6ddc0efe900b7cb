using System.Globalization;
using Baton.Compare.Servers;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Compare.Peers;

/// <summary>
/// Baton in local mode: in-process calls on <see cref="SqliteStore"/>. Either each consumer has its own
/// store connection to one file, as separate worker processes would have, or (<c>shared</c>) all
/// consumers share one store object, as in-process workers would, so their commits are grouped.
/// </summary>
internal sealed class BatonLocalPeer(bool shared) : IQueuePeer
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    private ScratchDirectory? _data;
    private int _run;

    public string Name => shared ? "baton-local-shared" : "baton-local";

    public string Durability => "ack after fsync of every commit: each claim and report is one SQLite transaction (WAL, synchronous=FULL)";

    public string Client => shared
        ? "in-process SqliteStore calls, all consumers on one store object: concurrent transitions share a commit (no CLI, no hub)"
        : "in-process SqliteStore calls, a store object of its own per consumer (its own connections and writer thread on the one file, as separate worker processes would open it, though all in the harness process), no CLI, no hub";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _data = ScratchDirectory.Create("baton-local");
        return Task.CompletedTask;
    }

    public async Task<LifecycleResult> LifecycleAsync(int consumers, int tasks, CancellationToken cancellationToken)
    {
        var path = NewStorePath();
        await using (var setup = await OpenAsync(path, create: true, cancellationToken))
        {
            var specs = Enumerable.Range(0, tasks).Select(i => Spec("t" + i.ToString(CultureInfo.InvariantCulture))).ToList();
            var imported = await setup.ImportAsync(specs, null, [], TimeProvider.System.GetUtcNow(), cancellationToken);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException("baton import failed: " + imported.Error.Message);
            }
        }
        if (!shared)
        {
            return await LifecycleProbe.MeasureAsync(consumers, tasks,
                async (c, ct) => new Consumer(await OpenAsync(path, create: false, ct), Worker(c), ownsStore: true), cancellationToken);
        }
        await using var store = await OpenAsync(path, create: false, cancellationToken);
        return await LifecycleProbe.MeasureAsync(consumers, tasks,
            (c, ct) => Task.FromResult<ILifecycleConsumer>(new Consumer(store, Worker(c), ownsStore: false)), cancellationToken);
    }

    public async Task<LatencySummary> HandoffAsync(int samples, CancellationToken cancellationToken)
    {
        var path = NewStorePath();
        await using var producer = await OpenAsync(path, create: true, cancellationToken);
        await using var consumer = shared
            ? new Consumer(producer, new WorkerId("waiter"), ownsStore: false)
            : new Consumer(await OpenAsync(path, create: false, cancellationToken), new WorkerId("waiter"), ownsStore: true);
        return await HandoffProbe.MeasureAsync(samples, consumer, async (name, ct) =>
        {
            var imported = await producer.ImportAsync([Spec(name)], null, [], TimeProvider.System.GetUtcNow(), ct);
            if (!imported.IsOk)
            {
                throw new InvalidOperationException("baton import failed: " + imported.Error.Message);
            }
        }, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _data?.Dispose();
        _data = null;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private string NewStorePath()
    {
        var root = _data?.Path ?? throw new InvalidOperationException("baton-local peer not started");
        return Path.Combine(root, "run" + (++_run).ToString(CultureInfo.InvariantCulture), ".baton", "baton.db");
    }

    private static Task<SqliteStore> OpenAsync(string path, bool create, CancellationToken cancellationToken)
        => SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path, CreateIfMissing = create }, cancellationToken);

    private static TaskSpec Spec(string id) => new() { Id = new TaskId(id), Title = "do the thing " + id };

    private static WorkerId Worker(int consumer) => new("w" + consumer.ToString(CultureInfo.InvariantCulture));

    private sealed class Consumer(SqliteStore store, WorkerId worker, bool ownsStore) : ILifecycleConsumer, IHandoffConsumer
    {
        private readonly LocalBaton _waiting = new(store, TimeProvider.System);

        public async Task<bool> ClaimAndAckAsync(CancellationToken cancellationToken)
        {
            var claim = await store.ClaimAsync(new ClaimRequest { Worker = worker }, Lease, TimeProvider.System.GetUtcNow(), cancellationToken);
            if (!claim.IsOk)
            {
                return false;
            }
            await AckAsync(claim.Value.Task.Id.Value, cancellationToken);
            return true;
        }

        public async Task<string> ReceiveAsync(CancellationToken cancellationToken)
        {
            var claim = await _waiting.ClaimAsync(new ClaimRequest { Worker = worker, Wait = TimeSpan.FromSeconds(30) }, cancellationToken);
            return claim.IsOk ? claim.Value.Task.Id.Value : throw new InvalidOperationException("baton: waiting claim ended with " + claim.Error.Code);
        }

        public async Task AckAsync(string id, CancellationToken cancellationToken)
        {
            var report = await store.ReportAsync(new ReportRequest { TaskId = new TaskId(id), Worker = worker, Outcome = ReportOutcome.Done, Summary = "ok" },
                TimeProvider.System.GetUtcNow(), cancellationToken);
            if (!report.IsOk)
            {
                throw new InvalidOperationException("baton report failed: " + report.Error.Message);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _waiting.DisposeAsync();
            if (ownsStore)
            {
                await store.DisposeAsync();
            }
        }
    }
}

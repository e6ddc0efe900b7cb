using System.Diagnostics;
using Baton.Client;
using Baton.Core.Errors;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// One run of a <see cref="ScalePlan"/> over a set of hubs: the first chunk of the plan is imported through the first
/// hub, the workers start (worker <c>w</c> at hub <c>w % hubs</c>), and the other chunks are imported while they work,
/// each through the next hub in turn, so tasks made ready through one hub are taken by workers of the others.
/// </summary>
internal sealed class ScaleRun
{
    // How often the store's own count is asked while the workers run.
    private static readonly TimeSpan StatusEvery = TimeSpan.FromMilliseconds(500);

    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(10);

    // How long the ledger may stand still, once the store says every task is finished, before the run is over.
    private static readonly TimeSpan InFlight = TimeSpan.FromSeconds(5);

    private readonly List<ScaleWorker> _workers = [];

    private ScaleRun(ScalePlan plan) => Ledger = new AckLedger(plan.Tasks.Count);

    public AckLedger Ledger { get; }

    public IReadOnlyList<ScaleWorker> Workers => _workers;

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Tasks acknowledged every ten seconds of the run, as text ("1,200 / 2,900 / …"), to tell a slow start from a
    /// slowdown as the store fills.</summary>
    public string Progress => string.Join(" / ", _progress.Select(n => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)));

    private readonly List<int> _progress = [];

    /// <summary>Transient errors the workers retried, summed over them, as "code: n" text (empty when none).</summary>
    public string Retried => string.Join(", ", _workers.SelectMany(w => w.Retried).GroupBy(p => p.Key).Select(g => $"{g.Key}: {g.Sum(p => p.Value)}"));

    /// <summary>Connects the workers (so a test can watch them), then runs.</summary>
    public static async Task<ScaleRun> PrepareAsync(Func<string, int, CancellationToken, Task<BatonClient>> connectWorker, int hubs, int workers, ScalePlan plan,
        CancellationToken cancellationToken)
    {
        var run = new ScaleRun(plan);
        for (var w = 0; w < workers; w++)
        {
            await run.AddWorkerAsync(connectWorker, "worker-" + w.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), w % hubs, cancellationToken);
        }
        return run;
    }

    /// <summary>One more worker, at hub <paramref name="home"/>, connected by <paramref name="connectWorker"/>.</summary>
    public async Task<ScaleWorker> AddWorkerAsync(Func<string, int, CancellationToken, Task<BatonClient>> connectWorker, string name, int home,
        CancellationToken cancellationToken)
    {
        var worker = new ScaleWorker(await connectWorker(name, home, cancellationToken), Ledger);
        _workers.Add(worker);
        return worker;
    }

    /// <summary>Imports the plan in <paramref name="chunks"/> chunks through the coordinators in turn, runs the workers
    /// until every task is acknowledged, or the store says every task is finished (a worker that died with its hub may
    /// have had a report applied whose answer never reached it), or <paramref name="deadline"/> passes: then it fails,
    /// saying how far it got.</summary>
    public async Task RunAsync(ScalePlan plan, IReadOnlyList<BatonClient> coordinators, int chunks, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();
        var json = plan.Json((plan.Tasks.Count + chunks - 1) / chunks).ToList();
        await ImportAsync(coordinators[0], json[0], cancellationToken);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var working = _workers.Select(w => Task.Run(() => w.RunAsync(stop.Token), CancellationToken.None)).ToList();
        try
        {
            for (var i = 1; i < json.Count; i++)
            {
                await ImportAsync(coordinators[i % coordinators.Count], json[i], cancellationToken);
            }
            var workersEnded = Task.WhenAll(working);
            var seen = -1;
            // The store is asked only while the ledger stands still (its status is not free, and the workers' own
            // answers say more while they come).
            while (!Ledger.AllAcknowledged.IsCompleted && !workersEnded.IsCompleted && started.Elapsed < deadline
                && (Ledger.Count != seen || !await FinishedAsync(coordinators, plan.Tasks.Count, cancellationToken)))
            {
                seen = Ledger.Count;
                await Task.WhenAny(Ledger.AllAcknowledged, workersEnded, Task.Delay(StatusEvery, cancellationToken));
                if (started.Elapsed >= ProgressEvery * (_progress.Count + 1))
                {
                    _progress.Add(Ledger.Count);
                }
            }
            Assert.False(workersEnded.IsFaulted, $"a worker failed: {workersEnded.Exception}");
            // The store may count a task done before its worker has read the answer: let the answers in flight arrive
            // (until the ledger has stood still a while: a worker that died with its hub never gets its last one).
            var count = Ledger.Count;
            var still = Stopwatch.StartNew();
            while (!Ledger.AllAcknowledged.IsCompleted && !workersEnded.IsCompleted && still.Elapsed < InFlight)
            {
                await Task.WhenAny(Ledger.AllAcknowledged, workersEnded, Task.Delay(StatusEvery, cancellationToken));
                if (Ledger.Count != count)
                {
                    count = Ledger.Count;
                    still.Restart();
                }
            }
            if (!Ledger.AllAcknowledged.IsCompleted && !await FinishedAsync(coordinators, plan.Tasks.Count, cancellationToken))
            {
                Assert.Fail($"the run did not finish: {Ledger.Count} of {plan.Tasks.Count} tasks acknowledged after {started.Elapsed.TotalSeconds:F0} s"
                    + $"; retried: {Retried}; problems: {string.Join("; ", Ledger.Problems.Take(5))}; "
                    + await StuckAsync(coordinators, cancellationToken));
            }
            Elapsed = started.Elapsed;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(working);
        }
    }

    // What a run that does not finish is stuck on: the counts by state, the leased tasks and their holders, the workers.
    private async Task<string> StuckAsync(IReadOnlyList<BatonClient> coordinators, CancellationToken cancellationToken)
    {
        var status = await coordinators[^1].StatusAsync(cancellationToken);
        var leased = await coordinators[^1].ListTasksAsync(new Core.Api.TaskQuery { State = Core.Tasks.TaskState.Leased }, cancellationToken);
        if (!status.IsOk || !leased.IsOk)
        {
            return "the store could not be read: " + (status.Error ?? leased.Error)?.Message;
        }
        var workers = string.Join(", ", _workers.Select(w => $"{w.Name} {w.Client.State} at {w.Client.CurrentServer?.Port}{(w.Gone ? $" gone holding {w.HeldWhenGone ?? "nothing"}" : "")}"));
        return $"states {string.Join(", ", status.Value.Counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}"))}; leased: "
            + string.Join(", ", leased.Value.Take(20).Select(t => $"{t.Id.Value} to {t.CurrentLease?.Worker.Value} until {t.CurrentLease?.ExpiresAt:HH:mm:ss}"))
            + $"; store's workers: {string.Join(", ", status.Value.Workers.Select(w => $"{w.Name.Value} {w.State}/{w.Health}{(w.Connected ? " connected" : "")} [{string.Join(' ', w.CurrentTasks.Select(t => t.Value))}]"))}"
            + $"; our workers: {workers}";
    }

    // Every task of the plan finished, by the store's count (asked through any coordinator that answers).
    private static async Task<bool> FinishedAsync(IReadOnlyList<BatonClient> coordinators, int total, CancellationToken cancellationToken)
    {
        foreach (var coordinator in coordinators)
        {
            var status = await coordinator.StatusAsync(cancellationToken);
            if (status.IsOk)
            {
                return status.Value.Total == total && status.Value.Complete;
            }
        }
        return false;
    }

    private static async Task ImportAsync(BatonClient coordinator, string plan, CancellationToken cancellationToken)
    {
        // An import is not retried by the client after a lost connection (a second one could clash with the first):
        // a refusal here because the hub was away is retried, and a duplicate id then says the first one went in.
        for (var attempt = 0; ; attempt++)
        {
            var imported = await coordinator.ImportAsync(plan, cancellationToken);
            if (imported.IsOk || (attempt > 0 && imported.Error.Code == ErrorCode.DuplicateId))
            {
                return;
            }
            Assert.True(attempt < 20 && imported.Error.Code is ErrorCode.HubUnreachable or ErrorCode.InternalError or ErrorCode.Timeout,
                $"import failed: {imported.Error.Code}: {imported.Error.Message}");
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }
}

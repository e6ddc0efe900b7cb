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
    private readonly List<ScaleWorker> _workers = [];

    private ScaleRun(ScalePlan plan) => Ledger = new AckLedger(plan.Tasks.Count);

    public AckLedger Ledger { get; }

    public IReadOnlyList<ScaleWorker> Workers => _workers;

    public TimeSpan Elapsed { get; private set; }

    /// <summary>Transient errors the workers retried, summed over them, as "code: n" text (empty when none).</summary>
    public string Retried => string.Join(", ", _workers.SelectMany(w => w.Retried).GroupBy(p => p.Key).Select(g => $"{g.Key}: {g.Sum(p => p.Value)}"));

    /// <summary>Connects the workers (so a test can watch them), then runs.</summary>
    public static async Task<ScaleRun> PrepareAsync(Func<string, int, CancellationToken, Task<BatonClient>> connectWorker, int hubs, int workers, ScalePlan plan,
        CancellationToken cancellationToken)
    {
        var run = new ScaleRun(plan);
        for (var w = 0; w < workers; w++)
        {
            var name = "worker-" + w.ToString("D2", System.Globalization.CultureInfo.InvariantCulture);
            run._workers.Add(new ScaleWorker(await connectWorker(name, w % hubs, cancellationToken), run.Ledger));
        }
        return run;
    }

    /// <summary>Imports the plan in <paramref name="chunks"/> chunks through the coordinators in turn, runs the workers
    /// until every task is acknowledged (or <paramref name="deadline"/> passes: then it fails, saying how far it got).</summary>
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
            var finished = await Task.WhenAny(Ledger.AllAcknowledged, Task.Delay(deadline, cancellationToken), Task.WhenAll(working));
            Assert.True(Ledger.AllAcknowledged.IsCompleted,
                $"the run did not finish: {Ledger.Count} of {plan.Tasks.Count} tasks acknowledged after {started.Elapsed.TotalSeconds:F0} s"
                + (finished == Ledger.AllAcknowledged ? "" : finished.IsFaulted ? $"; a worker failed: {finished.Exception}" : "")
                + $"; retried: {Retried}; problems: {string.Join("; ", Ledger.Problems.Take(5))}");
            Elapsed = started.Elapsed;
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(working);
        }
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

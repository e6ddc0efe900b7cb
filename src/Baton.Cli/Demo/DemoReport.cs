using Baton.Cli.Infrastructure;
using Baton.Core.Status;

namespace Baton.Cli.Demo;

/// <summary>The demo's closing summary: tasks done, per-worker counts, wall time, handoff latency.</summary>
internal static class DemoReport
{
    public static DemoSummary Summarize(StatusSnapshot status, IReadOnlyList<DemoWorkerStats> workers, string mode, TimeSpan wall, string? directory)
    {
        var latencies = workers.SelectMany(w => w.HandoffMs).Order().ToList();
        var perWorker = workers.Count > 0
            ? workers.OrderBy(w => w.Worker, StringComparer.Ordinal).ToDictionary(w => w.Worker, w => w.Done)
            : status.Workers.ToDictionary(w => w.Name.Value, w => w.Done);
        return new DemoSummary
        {
            Mode = mode,
            Complete = status.Complete,
            Tasks = status.Total,
            Done = status.Done,
            PerWorker = perWorker,
            WallMs = Math.Round(wall.TotalMilliseconds, 1),
            HandoffP50Ms = latencies.Count > 0 ? Math.Round(latencies[(latencies.Count - 1) / 2], 1) : null,
            HandoffMaxMs = latencies.Count > 0 ? Math.Round(latencies[^1], 1) : null,
            Directory = directory,
        };
    }

    public static void Write(DemoSummary summary, bool json)
    {
        if (json)
        {
            Output.Json(summary, CliJsonContext.Default.DemoSummary);
            return;
        }
        Output.Line($"demo {(summary.Complete ? "complete" : "NOT complete")} ({summary.Mode} mode): {summary.Done}/{summary.Tasks} tasks done in {summary.WallMs / 1000:0.00}s");
        foreach (var (worker, done) in summary.PerWorker)
        {
            Output.Line($"  {worker}: {done} task(s)");
        }
        if (summary.HandoffP50Ms is { } p50 && summary.HandoffMaxMs is { } max)
        {
            Output.Line($"  handoff latency (claim sent or task created -> task received by the worker): p50 {p50:0.0} ms, max {max:0.0} ms");
        }
        if (summary.Directory is { } dir)
        {
            Output.Line($"  repository kept at {dir} (see summaries/ and 'baton task list --store {dir}/.baton/baton.db')");
        }
    }
}

using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// The store's share of a task's life: one worker's <c>report --next</c> (its task reported done and the next
/// one leased, one transaction and one flush), as the hub runs it, on one thread with nothing else running.
/// This is the floor under every hub and local row of the comparison: no socket, no JSON, no other worker.
/// </summary>
/// <remarks>
/// <para>The store is opened as <c>baton serve</c> opens it (the WAL flushed off the writer, checkpoints in the
/// background); with one writer and nothing queued, each write's own thread flushes it. The template holds
/// <see cref="ReadyTasks"/> plain tasks (a title, no files or checks) and one of them leased by the worker;
/// every iteration starts from a fresh copy, so the store does not drift, and makes
/// <see cref="TasksPerIteration"/> report-and-claims.</para>
/// <para>The files live on tmpfs (<c>/dev/shm</c>) when there is one, so the flush is nearly free and the
/// figure is the CPU the transition costs; <c>BATON_MICRO_DIR</c> on a disk adds the disk's flush.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(TasksPerIteration)]
public class LifecycleBenchmarks : StoreCopyBenchmarks
{
    /// <summary>Report-and-claims measured per iteration (one fresh store copy).</summary>
    public const int TasksPerIteration = 512;

    private const int ReadyTasks = 2_000;
    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(10);
    private static readonly WorkerId Worker = new("bench-worker");

    private Assignment? _held;

    /// <summary>Builds the template store: the ready tasks.</summary>
    [GlobalSetup]
    public async Task BuildTemplateAsync()
    {
        CreateFolder();
        await using var store = await SqliteStore.OpenAsync(Options(TemplatePath, create: true), CancellationToken.None);
        var tasks = Enumerable.Range(0, ReadyTasks)
            .Select(i => new TaskSpec { Id = new TaskId("t" + i.ToString(CultureInfo.InvariantCulture)), Title = "do the thing " + i.ToString(CultureInfo.InvariantCulture) })
            .ToList();
        Check(await store.ImportAsync(tasks, "lifecycle", [], TimeProvider.System.GetUtcNow(), CancellationToken.None));
    }

    /// <summary>A fresh copy of the template, opened, with the worker's first claim (untimed).</summary>
    [IterationSetup]
    public void OpenCopy()
    {
        var store = OpenCopy(path => Options(path, create: false));
        _held = Check(store.ClaimAsync(new ClaimRequest { Worker = Worker }, DefaultLease, TimeProvider.System.GetUtcNow(), CancellationToken.None)
            .GetAwaiter().GetResult());
    }

    /// <summary>The held task reported done, and the next one leased in the same transaction.</summary>
    [Benchmark]
    public async Task<string> ReportNext()
    {
        var report = new ReportRequest { TaskId = _held!.Task.Id, Worker = Worker, Outcome = ReportOutcome.Done, Summary = "done", LeaseId = _held.Lease.Id };
        var result = Check(await Store!.ReportAndClaimAsync(
            report, new ClaimRequest { Worker = Worker }, DefaultLease, TimeProvider.System.GetUtcNow(), CancellationToken.None));
        _held = result.Next ?? throw new InvalidOperationException($"no next task after {report.TaskId}: {result.NoNext}");
        return _held.Task.Id.Value;
    }

    private static SqliteStoreOptions Options(string path, bool create) => new()
    {
        DatabasePath = path,
        CreateIfMissing = create,
        WatchForChanges = false,
        SyncInBackground = true,
        CheckpointInBackground = true,
    };
}

using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Storage.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// A claim on a <see cref="SqliteStore"/> holding many ready tasks: choosing the task (walking the ready index,
/// skipping tasks whose files overlap a leased task's) and leasing it, in one transaction.
/// </summary>
/// <remarks>
/// <para>The store: 64 tasks leased by other workers for a day (3 globs each), then <see cref="ReadyTasks"/>
/// ready tasks. The first <see cref="Blocked"/> of them in claim order (higher priority) each overlap one leased
/// task, so every claim walks past them; the rest overlap nothing and the claim takes the first of them.</para>
/// <para>A claim changes the store, so the state must not drift between iterations: the store is built once
/// per run as a template file, every iteration starts from a fresh copy of it (opened, plus one untimed claim
/// to warm SQLite's page cache), and makes <see cref="ClaimsPerIteration"/> claims by as many new workers. Within
/// an iteration each claim adds its task's 2 globs to the reserved set (65 to 96 leased tasks).</para>
/// <para>The files live on tmpfs (<c>/dev/shm</c>) when there is one, so fsync is nearly free and the figure is
/// the claim's own work; on a disk every claim also waits for one fsync (see the lifecycle rows above).
/// <c>BATON_MICRO_DIR</c> chooses another folder.</para>
/// </remarks>
[MemoryDiagnoser]
[InvocationCount(ClaimsPerIteration)]
public class ClaimBenchmarks : StoreCopyBenchmarks
{
    /// <summary>Claims measured per iteration (one fresh store copy).</summary>
    public const int ClaimsPerIteration = 32;

    private const int Leased = 64;
    private static readonly TimeSpan DefaultLease = TimeSpan.FromMinutes(30);

    private readonly ClaimRequest[] _requests = Enumerable.Range(0, ClaimsPerIteration)
        .Select(i => new ClaimRequest { Worker = new WorkerId("bench-" + i.ToString("D2", CultureInfo.InvariantCulture)) })
        .ToArray();

    private int _next;

    /// <summary>Ready tasks in the store.</summary>
    [Params(1_000, 100_000)]
    public int ReadyTasks { get; set; }

    /// <summary>Ready tasks ahead in claim order whose files overlap a leased task's.</summary>
    [Params(0, 100)]
    public int Blocked { get; set; }

    /// <summary>Builds the template store: 64 leased tasks, then the ready ones.</summary>
    [GlobalSetup]
    public async Task BuildTemplateAsync()
    {
        CreateFolder();

        await using var store = await SqliteStore.OpenAsync(
            new SqliteStoreOptions { DatabasePath = TemplatePath, RepositoryRoot = Folder, CreateIfMissing = true, WatchForChanges = false },
            CancellationToken.None);
        var now = TimeProvider.System.GetUtcNow();
        var held = Enumerable.Range(0, Leased).Select(k =>
        {
            var n = k.ToString(CultureInfo.InvariantCulture);
            return new TaskSpec
            {
                Id = new TaskId("held-" + n),
                Title = "held " + n,
                Priority = 1_000,
                Files = [$"src/Module{n}/**", $"tests/Module{n}.Tests/*Tests.cs", $"docs/module{n}.md"],
            };
        }).ToList();
        Check(await store.ImportAsync(held, "held", [], now, CancellationToken.None));
        for (var k = 0; k < Leased; k++)
        {
            var worker = new WorkerId("holder-" + k.ToString(CultureInfo.InvariantCulture));
            Check(await store.ClaimAsync(new ClaimRequest { Worker = worker, Lease = TimeSpan.FromDays(1) }, DefaultLease, now, CancellationToken.None));
        }
        var ready = Enumerable.Range(0, ReadyTasks).Select(i =>
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            return i < Blocked
                ? new TaskSpec
                {
                    Id = new TaskId("blocked-" + n),
                    Title = "blocked " + n,
                    Priority = 10,
                    Files = [$"src/Module{(i % Leased).ToString(CultureInfo.InvariantCulture)}/Part{n}.cs", $"lib/blocked{n}/**"],
                }
                : new TaskSpec { Id = new TaskId("free-" + n), Title = "free " + n, Files = [$"lib/free{n}/**", $"docs/free{n}.md"] };
        }).ToList();
        Check(await store.ImportAsync(ready, "ready", [], now, CancellationToken.None));
    }

    /// <summary>A fresh copy of the template, opened, with one untimed claim.</summary>
    [IterationSetup]
    public void OpenCopy()
    {
        var store = OpenCopy(path => new SqliteStoreOptions { DatabasePath = path, WatchForChanges = false });
        var warm = new ClaimRequest { Worker = new WorkerId("warm-up") };
        Check(store.ClaimAsync(warm, DefaultLease, TimeProvider.System.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult());
        _next = 0;
    }

    /// <summary>One claim by a new worker; it must get the first task that overlaps nothing.</summary>
    [Benchmark]
    public async Task<string> Claim()
    {
        var result = await Store!.ClaimAsync(_requests[_next++], DefaultLease, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        var id = Check(result).Task.Id.Value;
        return id.StartsWith("free-", StringComparison.Ordinal) ? id : throw new InvalidOperationException($"claimed {id}, which overlaps a leased task");
    }
}

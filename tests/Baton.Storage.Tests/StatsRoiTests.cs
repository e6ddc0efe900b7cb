using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Escalations;
using Baton.Core.Stats;
using Baton.Core.Tasks;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Storage.Tests;

/// <summary>The ROI figures of <c>baton stats</c> (time saved, coordination overhead, interventions per task, per-task
/// rows) on a timeline the test sets to the second.</summary>
public sealed class StatsRoiTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));
    private readonly DateTimeOffset _start;
    private SqliteStore _store = null!; // set in InitializeAsync

    public StatsRoiTests() => _start = _time.GetUtcNow();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
        => _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = Path.Combine(_dir.Path, ".baton", "baton.db"), CreateIfMissing = true }, Ct);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _dir.Dispose();
    }

    // Every step happens at a whole second after the import, so each figure below is exact.
    private DateTimeOffset At(int second)
    {
        _time.Advance(_start.AddSeconds(second) - _time.GetUtcNow());
        return _time.GetUtcNow();
    }

    private async Task ClaimAsync(int second, string worker, string expectedTask)
    {
        var claim = await _store.ClaimAsync(new ClaimRequest { Worker = new WorkerId(worker) }, Lease, At(second), Ct);
        Assert.Equal(expectedTask, claim.Value.Task.Id.Value);
    }

    private async Task ReportAsync(int second, string task, string worker, ReportOutcome outcome)
    {
        var report = await _store.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId(task),
            Worker = new WorkerId(worker),
            Outcome = outcome,
            Summary = $"{worker} on {task}",
            ContextScore = 4,
        }, At(second), Ct);
        Assert.True(report.IsOk, report.Error?.Message);
    }

    private async Task ChecksAsync(int second, int attempt, bool passed, long durationMs)
    {
        var report = new CheckReport
        {
            Results = [new CheckResult { Index = 0, Kind = CheckKind.Command, Name = "tests", Passed = passed, Message = passed ? "ok" : "exit 1", DurationMs = durationMs }],
            DurationMs = durationMs,
        };
        var done = await _store.CompleteChecksAsync(new TaskId("a"), attempt, report, At(second), Ct);
        Assert.True(done.IsOk, done.Error?.Message);
    }

    [Fact]
    public async Task Stats_OnATimedPlan_GivesTimeSavedOverheadAndPerTaskRowsExactly()
    {
        using var check = JsonDocument.Parse("""{"check": "command", "run": "dotnet test"}""");
        var a = Specs.Task("a") with { Acceptance = [new AcceptanceItem { Check = check.RootElement.Clone() }] };
        Assert.True((await _store.ImportAsync([a, Specs.Task("b"), Specs.Task("c")], null, [], At(0), Ct)).IsOk);
        await ClaimAsync(2, "w1", "a");                        // queue wait 2 s
        await ClaimAsync(3, "w2", "b");                        // 3 s
        await ClaimAsync(4, "w3", "c");                        // 4 s
        await ReportAsync(6, "c", "w3", ReportOutcome.Blocked); // held 2 s, lost to a retry; escalated
        await ReportAsync(7, "a", "w1", ReportOutcome.Done);    // held 5 s, lost to a retry: its checks fail
        await ChecksAsync(8, attempt: 1, passed: false, durationMs: 1000);
        Assert.True((await _store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("c"), Action = "retry" }, At(9), Ct)).IsOk);
        await ClaimAsync(10, "w1", "a");                       // ready again at 8: 2 s
        await ClaimAsync(11, "w3", "c");                       // retried at 9: 2 s
        await ReportAsync(13, "b", "w2", ReportOutcome.Done);   // held 10 s

        var midway = await _store.StatsAsync(_time.GetUtcNow(), Ct);
        Assert.False(midway.Finished);
        Assert.Equal(2, midway.OpenTasks);
        Assert.Equal(11_000, midway.WallMs);                   // first claim (2) to the last task done so far (13)

        await ReportAsync(20, "a", "w1", ReportOutcome.Done);   // held 10 s, then checked
        await ReportAsync(21, "c", "w3", ReportOutcome.Done);   // held 10 s
        await ChecksAsync(23, attempt: 2, passed: true, durationMs: 2000);

        var s = await _store.StatsAsync(_time.GetUtcNow(), Ct);
        Assert.True(s.Finished);
        Assert.Equal((3, 0, 3), (s.Tasks, s.OpenTasks, s.Done));
        Assert.Equal(21_000, s.WallMs);                        // first claim (2) to a's checks passing (23)
        Assert.Equal(30_000, s.TaskMs);                        // the done attempts: a2, b1, c2, 10 s each
        Assert.Equal(9_000, s.TimeSavedMs);
        Assert.Equal(30.0 / 21.0, s.Speedup!.Value, 9);
        Assert.Equal((13_000, 5, 2_600.0), (s.QueueWaitMs, s.QueueWaits, s.AverageQueueWaitMs));
        Assert.Equal((3_000, 2), (s.ChecksMs, s.CheckRuns));
        Assert.Equal((7_000, 2), (s.RetryMs, s.RetriedAttempts));
        Assert.Equal(23_000, s.CoordinationMs);
        Assert.Equal(1, s.Interventions);
        Assert.Equal(1.0 / 3.0, s.InterventionRate!.Value, 9);
        Assert.Equal(4.0, s.AverageContextScore);

        Assert.Equal(
            ["a done 2 0 4000 15000 3000", "b done 1 0 3000 10000 0", "c done 2 1 6000 12000 0"],
            s.TaskRows.Select(r => $"{r.Id.Value} {r.State.ToWire()} {r.Attempts} {r.Interventions} {r.QueueWaitMs} {r.WorkMs} {r.ChecksMs}"));

        // The snapshot's JSON (what --json and the hub send) carries the new figures beside the old ones.
        var json = JsonSerializer.Serialize(s, Baton.Core.Protocol.BatonJsonContext.Default.StatsSnapshot);
        Assert.Contains("\"time_saved_ms\":9000", json, StringComparison.Ordinal);
        Assert.Contains("\"queue_wait_ms\":13000", json, StringComparison.Ordinal);
        Assert.Contains("\"finished\":true", json, StringComparison.Ordinal);
        Assert.Contains("\"task_rows\":[{\"id\":\"a\"", json, StringComparison.Ordinal);
        Assert.Equal(json, JsonSerializer.Serialize(
            JsonSerializer.Deserialize(json, Baton.Core.Protocol.BatonJsonContext.Default.StatsSnapshot), Baton.Core.Protocol.BatonJsonContext.Default.StatsSnapshot));
    }

    [Fact]
    public async Task Stats_WithMoreTasksThanRows_KeepsTheOnesWithMostAttemptsInPlanOrder()
    {
        var specs = Enumerable.Range(0, StatsSnapshot.MaxTaskRows + 5).Select(i => Specs.Task($"t{i:000}")).ToArray();
        Assert.True((await _store.ImportAsync(specs, null, [], At(0), Ct)).IsOk);
        // The last task in plan order fails once and is tried again: it has the most attempts, so it is kept.
        var last = specs[^1].Id.Value;
        for (var i = 0; i < specs.Length; i++)
        {
            await ClaimAsync(1, $"w{i}", specs[i].Id.Value);
        }
        await ReportAsync(2, last, $"w{specs.Length - 1}", ReportOutcome.Failed);

        var s = await _store.StatsAsync(_time.GetUtcNow(), Ct);

        Assert.Equal(StatsSnapshot.MaxTaskRows, s.TaskRows.Count);
        Assert.Equal(last, s.TaskRows[^1].Id.Value);
        Assert.Equal("t000", s.TaskRows[0].Id.Value);
        Assert.Equal(s.TaskRows.OrderBy(r => r.Id.Value, StringComparer.Ordinal).Select(r => r.Id), s.TaskRows.Select(r => r.Id));
        Assert.False(s.Finished);
    }
}

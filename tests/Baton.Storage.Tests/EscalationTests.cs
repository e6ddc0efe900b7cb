using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>Acceptance checks in the task life, conflicts, the inbox and the seed's metrics, in local mode on a real repository folder.</summary>
public sealed class EscalationTests : IAsyncLifetime
{
    private readonly TempDirectory _repo = new();
    private SqliteStore _store = null!; // set in InitializeAsync
    private LocalBaton _api = null!; // set in InitializeAsync

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = Path.Combine(_repo.Path, ".baton", "baton.db"), CreateIfMissing = true }, Ct);
        _api = new LocalBaton(_store, TimeProvider.System);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _repo.Dispose();
    }

    private async Task ImportAsync(string planJson)
    {
        var imported = await _api.ImportAsync(planJson, Ct);
        Assert.True(imported.IsOk, imported.Error?.Message + " " + string.Join("; ", imported.Error?.Details ?? []));
    }

    private async Task<Assignment> ClaimAsync(string worker)
    {
        var claim = await _api.ClaimAsync(new ClaimRequest { Worker = new WorkerId(worker) }, Ct);
        Assert.True(claim.IsOk, claim.Error?.Message);
        return claim.Value;
    }

    private Task<Result<ReportResult>> ReportAsync(string task, string worker, string summary = "did it", params string[] files)
        => _api.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId(task),
            Worker = new WorkerId(worker),
            Outcome = ReportOutcome.Done,
            Summary = summary,
            Files = files,
            ContextScore = 4,
        }, Ct);

    private void Write(string path, string text)
    {
        var full = Path.Combine(_repo.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    private const string SummaryPlan = """
        {"tasks": [{"id": "sum", "title": "summarize", "files": ["out/**"], "max_attempts": 2,
          "acceptance": ["a clear summary", {"check": "not_empty", "path": "out/sum.md"}, {"check": "contains", "path": "out/sum.md", "pattern": "Summary"}]}]}
        """;

    [Fact]
    public async Task Report_DoneWithFailingChecks_RetriesWithFeedbackThenEscalates()
    {
        await ImportAsync(SummaryPlan);
        await ClaimAsync("w1");
        Write("out/sum.md", "nothing useful");
        var first = await ReportAsync("sum", "w1", "wrote it", "out/sum.md");
        Assert.True(first.IsOk, first.Error?.Message);
        Assert.False(first.Value.Checks!.Passed);
        Assert.Equal(TaskState.Ready, first.Value.Task.State);

        var second = await ClaimAsync("w2");
        Assert.Equal(2, second.Attempt);
        Assert.Contains("pattern 'Summary' not found", second.Feedback, StringComparison.Ordinal);

        var again = await ReportAsync("sum", "w2", "wrote it again", "out/sum.md");
        Assert.Equal(TaskState.Escalated, again.Value.Task.State);
        var item = Assert.Single((await _api.InboxAsync(Ct)).Value);
        Assert.Equal(EscalationKinds.ChecksFailed, item.Escalation.Kind);
        Assert.Equal(2, item.Detail.Attempts.Count);
        Assert.Contains("Summary", item.Feedback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_DoneWithPassingChecks_IsDone()
    {
        await ImportAsync(SummaryPlan);
        await ClaimAsync("w1");
        Write("out/sum.md", "# Summary\nall good");
        var report = await ReportAsync("sum", "w1", "wrote the summary", "out/sum.md");
        Assert.True(report.Value.Checks!.Passed);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
        Assert.True((await _api.StatusAsync(Ct)).Value.Complete);
    }

    [Fact]
    public async Task Report_WithoutSummary_IsRefusedAndLeaseKept_Invariant5()
    {
        await ImportAsync(SummaryPlan);
        await ClaimAsync("w1");
        Write("out/sum.md", "# Summary");
        var report = await ReportAsync("sum", "w1", "", "out/sum.md");
        Assert.Equal(ErrorCode.BadRequest, report.Error?.Code);
        Assert.Contains(report.Error!.Details!, d => d.Contains("summary", StringComparison.Ordinal));
        var detail = (await _api.ShowTaskAsync(new TaskId("sum"), Ct)).Value;
        Assert.Equal(TaskState.Leased, detail.Task.State);
        Assert.Empty(detail.Reports);
    }

    [Fact]
    public async Task Report_ClaimingMissingFile_IsRefused()
    {
        await ImportAsync(SummaryPlan);
        await ClaimAsync("w1");
        var report = await ReportAsync("sum", "w1", "wrote it", "out/never-written.md");
        Assert.Equal(ErrorCode.BadRequest, report.Error?.Code);
    }

    [Fact]
    public async Task Report_TouchingFilesReservedByAnotherTask_IsConflictEscalation_Invariant4()
    {
        await ImportAsync("""{"tasks": [{"id": "api", "title": "api", "files": ["src/api/**"]}, {"id": "docs", "title": "docs"}]}""");
        await ClaimAsync("w1");
        await ClaimAsync("w2");
        Write("src/api/users.cs", "// edited by the docs worker");
        var report = await ReportAsync("docs", "w2", "fixed docs", "src/api/users.cs");
        await AssertOverlappingEditAsync(report, "api", "w1", ["src/api/users.cs"]);
    }

    // The report escalated its task, and the inbox holds one overlapping edit naming the other task, its worker and the paths.
    private async Task AssertOverlappingEditAsync(Result<ReportResult> report, string otherTask, string otherWorker, string[] paths)
    {
        Assert.Equal(TaskState.Escalated, report.Value.Task.State);
        var item = Assert.Single((await _api.InboxAsync(Ct)).Value);
        Assert.Equal(EscalationKinds.OverlappingEdit, item.Escalation.Kind);
        Assert.Equal(otherTask, item.Escalation.ConflictingTask);
        Assert.Equal(otherWorker, item.Escalation.ConflictingWorker);
        Assert.Equal(paths, item.Escalation.Paths);
    }

    [Fact]
    public async Task Report_ChangingAFileAnotherTaskReportedDoneSinceTheClaim_IsConflictEscalation()
    {
        // Neither task reserves files, so only the done reports tell: the third report finds the first through
        // ix_reports_named_files, which holds just the reports on time that name files (Core keeps the done ones).
        await ImportAsync("""{"tasks": [{"id": "one", "title": "one"}, {"id": "two", "title": "two"}, {"id": "three", "title": "three"}]}""");
        await ClaimAsync("w1");
        await ClaimAsync("w2");
        await ClaimAsync("w3");
        Write("src/shared.cs", "// both edited it");
        Write("src/other.cs", "// only three");
        Assert.Equal(TaskState.Done, (await ReportAsync("one", "w1", "edited shared", "src/shared.cs")).Value.Task.State);
        Assert.Equal(TaskState.Done, (await ReportAsync("three", "w3", "edited other", "src/other.cs")).Value.Task.State);
        var report = await ReportAsync("two", "w2", "edited shared too", "src/shared.cs");
        await AssertOverlappingEditAsync(report, "one", "w1", ["src/shared.cs"]);
    }

    [Fact]
    public async Task Report_EditOutsideOwnFiles_IsOutsideFilesConflict()
    {
        await ImportAsync("""{"tasks": [{"id": "d", "title": "docs", "files": ["docs/**"]}]}""");
        await ClaimAsync("w1");
        Write("src/x.cs", "oops");
        var report = await ReportAsync("d", "w1", "docs", "src/x.cs");
        Assert.Equal(TaskState.Escalated, report.Value.Task.State);
        Assert.Equal(EscalationKinds.OutsideFiles, Assert.Single((await _api.InboxAsync(Ct)).Value).Escalation.Kind);
    }

    [Fact]
    public async Task Verify_LaterTaskBreaksEarlierChecks_EscalatesContradictionAndPlanNotComplete()
    {
        await ImportAsync("""
            {"tasks": [
              {"id": "t1", "title": "alpha", "files": ["a.txt"], "acceptance": [{"check": "contains", "path": "a.txt", "pattern": "alpha"}]},
              {"id": "t2", "title": "beta", "files": ["a.txt"], "depends_on": ["t1"], "acceptance": [{"check": "contains", "path": "a.txt", "pattern": "beta"}]}]}
            """);
        await ClaimAsync("w1");
        Write("a.txt", "alpha");
        Assert.Equal(TaskState.Done, (await ReportAsync("t1", "w1", "alpha", "a.txt")).Value.Task.State);
        await ClaimAsync("w2");
        Write("a.txt", "beta");
        Assert.Equal(TaskState.Done, (await ReportAsync("t2", "w2", "beta", "a.txt")).Value.Task.State);

        var t1 = (await _api.ShowTaskAsync(new TaskId("t1"), Ct)).Value.Task;
        Assert.Equal(TaskState.Escalated, t1.State);
        Assert.Equal(EscalationKinds.Contradiction, Assert.Single((await _api.InboxAsync(Ct)).Value).Escalation.Kind);
        Assert.False((await _api.StatusAsync(Ct)).Value.Complete);
    }

    [Fact]
    public async Task Resolve_CountsInterventionsAndAppliesDecision()
    {
        await ImportAsync("""{"tasks": [{"id": "b", "title": "blocked one"}, {"id": "c", "title": "other"}]}""");
        await ClaimAsync("w1");
        await _api.ReportAsync(new ReportRequest { TaskId = new TaskId("b"), Worker = new WorkerId("w1"), Outcome = ReportOutcome.Blocked, Summary = "which database?" }, Ct);
        Assert.Equal(EscalationKinds.Blocked, Assert.Single((await _api.InboxAsync(Ct)).Value).Escalation.Kind);

        var retried = await _api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("b"), Action = "retry", Context = "use PostgreSQL", Note = "PostgreSQL" }, Ct);
        Assert.Equal(TaskState.Ready, retried.Value.State);
        Assert.Equal("use PostgreSQL", retried.Value.Context);
        Assert.Empty((await _api.InboxAsync(Ct)).Value);
        var next = await ClaimAsync("w2");
        Assert.Equal("b", next.Task.Id.Value);
        Assert.Contains("PostgreSQL", next.Feedback, StringComparison.Ordinal);

        Assert.Equal(ErrorCode.IllegalTransition, (await _api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("c"), Action = "done" }, Ct)).Error?.Code);
        Assert.Equal(ErrorCode.NotFound, (await _api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("zz"), Action = "done" }, Ct)).Error?.Code);
        Assert.Equal(ErrorCode.BadRequest, (await _api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("b"), Action = "maybe" }, Ct)).Error?.Code);

        var stats = (await _api.StatsAsync(Ct)).Value;
        Assert.Equal(1, stats.Interventions);
        Assert.Equal(1, stats.InterventionsPerTask["b"]);
        var json = JsonSerializer.Serialize(stats, Baton.Core.Protocol.BatonJsonContext.Default.StatsSnapshot);
        Assert.Contains("\"interventions\":1", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stats_AfterAPlan_ReportsScoresAttemptsAndSpeedup()
    {
        await ImportAsync("""{"tasks": [{"id": "x", "title": "x"}, {"id": "y", "title": "y"}]}""");
        await ClaimAsync("w1");
        await ClaimAsync("w2");
        await ReportAsync("x", "w1");
        await ReportAsync("y", "w2");
        var stats = (await _api.StatsAsync(Ct)).Value;
        Assert.Equal(4.0, stats.AverageContextScore);
        Assert.Equal(2, stats.ContextScores);
        Assert.Equal(1.0, stats.AttemptsPerTask);
        Assert.Equal(2, stats.Done);
        Assert.NotNull(stats.HandoffP50Ms);
        Assert.NotNull(stats.WallMs);
    }
}

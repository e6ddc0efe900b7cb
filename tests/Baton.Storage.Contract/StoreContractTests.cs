using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Storage.Contract;

/// <summary>
/// The store contract: every implementation must pass these. A store's test project derives a class from this one per
/// way it opens a store (<c>SqliteStoreTests</c>, <c>SqliteHubModeStoreTests</c>; <c>PostgresStoreTests</c> next) and
/// gives <see cref="CreateStoreAsync"/>. Every transition of the task life (Core's <c>TaskMachine</c>) and each of its
/// refusals is applied through the store here at least once: this file holds claims and reports,
/// <c>StoreContractTests.Leases.cs</c> heartbeats, releases and expiry, <c>StoreContractTests.Escalations.cs</c> checks,
/// escalations, resolutions and cancellation.
/// </summary>
public abstract partial class StoreContractTests : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 9, 0, 0, TimeSpan.Zero));

    protected IBatonStore Store { get; private set; } = null!; // set in InitializeAsync, before any test runs

    protected abstract Task<IBatonStore> CreateStoreAsync();

    public async ValueTask InitializeAsync() => Store = await CreateStoreAsync();

    public virtual async ValueTask DisposeAsync() => await Store.DisposeAsync();

    private DateTimeOffset Now => Time.GetUtcNow();

    private static ClaimRequest ClaimBy(string worker) => new() { Worker = new WorkerId(worker) };

    protected async Task ImportAsync(params TaskSpec[] specs)
    {
        var result = await Store.ImportAsync(specs, null, [], Now, TestContext.Current.CancellationToken);
        Assert.True(result.IsOk, result.Error?.Message);
    }

    private Task<Result<Assignment>> ClaimAsync(string worker, TimeSpan? lease = null)
        => Store.ClaimAsync(ClaimBy(worker) with { Lease = lease }, Lease, Now, TestContext.Current.CancellationToken);

    private static ReportRequest ReportBy(string task, string worker, ReportOutcome outcome, string? key) => new()
    {
        TaskId = new TaskId(task),
        Worker = new WorkerId(worker),
        Outcome = outcome,
        Summary = $"{worker} did {task}",
        ContextScore = 5,
        IdempotencyKey = key,
    };

    private Task<Result<ReportResult>> ReportAsync(string task, string worker, ReportOutcome outcome = ReportOutcome.Done, string? key = null)
        => Store.ReportAsync(ReportBy(task, worker, outcome, key), Now, TestContext.Current.CancellationToken);

    // Records holding lists compare by reference; their JSON compares by value.
    private static string Json<T>(T value) => System.Text.Json.JsonSerializer.Serialize(value);

    private async Task<TaskState> StateOf(string task)
        => (await Store.ShowTaskAsync(new TaskId(task), TestContext.Current.CancellationToken)).Value.Task.State;

    [Fact]
    public async Task Claim_WhenEmpty_FailsWithNoTask()
    {
        var result = await ClaimAsync("w1");
        Assert.Equal(ErrorCode.NoTask, result.Error?.Code);
    }

    [Fact]
    public async Task Claim_TakesHighestPriorityThenPlanOrder()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b", priority: 5), Specs.Task("c"), Specs.Task("d", priority: 5));
        var order = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var claim = await ClaimAsync("w" + i);
            order.Add(claim.Value.Task.Id.Value);
        }
        Assert.Equal(["b", "d", "a", "c"], order);
    }

    [Fact]
    public async Task Claim_ReturnsTaskInFullWithLease()
    {
        await ImportAsync(Specs.Task("a"));
        var claim = (await ClaimAsync("w1")).Value;
        Assert.Equal("a", claim.Task.Id.Value);
        Assert.Equal(TaskState.Leased, claim.Task.State);
        Assert.Equal(1, claim.Attempt);
        Assert.Equal("w1", claim.Lease.Worker.Value);
        Assert.Equal(Now + Lease, claim.Lease.ExpiresAt);
        Assert.Empty(claim.History);
    }

    [Fact]
    public async Task Report_Done_FinishesTaskAndCompletesPlan()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var report = await ReportAsync("a", "w1");
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
        var status = await Store.StatusAsync(Now, TestContext.Current.CancellationToken);
        Assert.True(status.Complete);
        Assert.Equal(1, status.Workers.Single().Done);
    }

    [Fact]
    public async Task Report_FromWorkerWithoutLease_IsRefusedAndChangesNothing_Invariant1()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var before = await Store.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken);
        var report = await ReportAsync("a", "intruder");
        Assert.Equal(ErrorCode.LeaseNotHeld, report.Error?.Code);
        var after = await Store.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken);
        Assert.Equal(Json(before.Value.Task), Json(after.Value.Task));
        Assert.Empty(after.Value.Reports);
    }

    [Fact]
    public async Task Report_UnknownTask_IsNotFound()
    {
        var report = await ReportAsync("nope", "w1");
        Assert.Equal(ErrorCode.NotFound, report.Error?.Code);
    }

    [Fact]
    public async Task Claim_WhenLeaseExpired_ReassignsTaskAndLateReportIsKeptNotApplied_Invariant1()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1", TimeSpan.FromSeconds(30));
        Time.Advance(TimeSpan.FromSeconds(31));
        var second = await ClaimAsync("w2");
        Assert.Equal("a", second.Value.Task.Id.Value);
        Assert.Equal(2, second.Value.Attempt);
        Assert.Equal("expired", Assert.Single(second.Value.History).Ending);

        var late = await ReportAsync("a", "w1");
        Assert.Equal(ErrorCode.LeaseExpired, late.Error?.Code);
        Assert.Contains("reassigned to w2", late.Error!.Message, StringComparison.Ordinal);
        var detail = (await Store.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken)).Value;
        Assert.Equal(TaskState.Leased, detail.Task.State);
        Assert.True(Assert.Single(detail.Reports).Late);

        Assert.True((await ReportAsync("a", "w2")).IsOk);
    }

    [Fact]
    public async Task Heartbeat_RenewsLeaseSoItDoesNotExpire()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1", TimeSpan.FromSeconds(30));
        Time.Advance(TimeSpan.FromSeconds(20));
        var beat = await Store.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1"), Note = "halfway" }, Now, TestContext.Current.CancellationToken);
        Assert.Equal(Now + TimeSpan.FromSeconds(30), Assert.Single(beat.Value.Renewed).ExpiresAt);
        Time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(ErrorCode.NoTask, (await ClaimAsync("w2")).Error?.Code);
        Assert.True((await ReportAsync("a", "w1")).IsOk);
    }

    [Fact]
    public async Task Heartbeat_AfterExpiry_IsRefusedWithLeaseExpired()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1", TimeSpan.FromSeconds(5));
        Time.Advance(TimeSpan.FromSeconds(6));
        var beat = await Store.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1") }, Now, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.LeaseExpired, beat.Error?.Code);
        Assert.Equal(TaskState.Ready, await StateOf("a"));
    }

    [Fact]
    public async Task Report_Failed_RetriesUntilMaxAttemptsThenEscalates()
    {
        await ImportAsync(Specs.Task("a", maxAttempts: 2));
        await ClaimAsync("w1");
        var first = await ReportAsync("a", "w1", ReportOutcome.Failed);
        Assert.Equal(TaskState.Ready, first.Value.Task.State);
        var again = await ClaimAsync("w2");
        Assert.Equal(2, again.Value.Attempt);
        Assert.Equal("w1 did a", Assert.Single(again.Value.History).Note);
        var second = await ReportAsync("a", "w2", ReportOutcome.Failed);
        Assert.Equal(TaskState.Escalated, second.Value.Task.State);
        Assert.Contains("attempts exhausted", second.Value.Task.StateReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_Blocked_EscalatesAtOnce()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var report = await ReportAsync("a", "w1", ReportOutcome.Blocked);
        Assert.Equal(TaskState.Escalated, report.Value.Task.State);
    }

    [Fact]
    public async Task Report_RetriedWithSameKey_IsAppliedOnce()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        await ClaimAsync("w1");
        var first = await ReportAsync("a", "w1", key: "k-1");
        var retry = await ReportAsync("a", "w1", key: "k-1");
        Assert.True(retry.Value.Replayed);
        Assert.Equal(first.Value.Report.Id, retry.Value.Report.Id);
        var detail = (await Store.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken)).Value;
        Assert.Single(detail.Reports);
        Assert.Equal(1, (await Store.StatusAsync(Now, TestContext.Current.CancellationToken)).Workers.Single().Done);
    }

    [Fact]
    public async Task Report_KeyOfAnotherTasksReport_IsANewReport()
    {
        // Keys are told apart per task: a retry repeats its task, and the store looks keys up among its reports.
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        await ClaimAsync("w1");
        await ReportAsync("a", "w1", key: "k-1");
        await ClaimAsync("w1");
        var other = await ReportAsync("b", "w1", key: "k-1");
        Assert.True(other.IsOk, other.Error?.Message);
        Assert.False(other.Value.Replayed);
        Assert.Equal(new TaskId("b"), other.Value.Report.TaskId);
        Assert.Equal(TaskState.Done, await StateOf("b"));
        var retry = await ReportAsync("b", "w1", key: "k-1");
        Assert.True(retry.Value.Replayed);
        Assert.Equal(other.Value.Report.Id, retry.Value.Report.Id);
        Assert.Equal(2, (await Store.StatusAsync(Now, TestContext.Current.CancellationToken)).Workers.Single().Done);
    }

    [Fact]
    public async Task Dependencies_DependentBecomesReadyOnlyWhenAllDone()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"), Specs.Task("c", dependsOn: ["a", "b"]));
        Assert.Equal(TaskState.Pending, await StateOf("c"));
        var first = (await ClaimAsync("w1")).Value.Task.Id.Value;
        var second = (await ClaimAsync("w2")).Value.Task.Id.Value;
        Assert.Equal(ErrorCode.NoTask, (await ClaimAsync("w3")).Error?.Code);
        await ReportAsync(first, "w1");
        Assert.Equal(TaskState.Pending, await StateOf("c"));
        await ReportAsync(second, "w2");
        Assert.Equal(TaskState.Ready, await StateOf("c"));
        Assert.Equal("c", (await ClaimAsync("w3")).Value.Task.Id.Value);
    }

    [Fact]
    public async Task Status_NamesWhatAPendingTaskWaitsOn()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b", dependsOn: ["a"]));
        await Store.CancelAsync(new TaskId("a"), "not needed", Now, TestContext.Current.CancellationToken);
        var status = await Store.StatusAsync(Now, TestContext.Current.CancellationToken);
        var waiting = Assert.Single(status.Waiting);
        Assert.Equal("b", waiting.TaskId);
        Assert.Contains("a (cancelled", waiting.Reason, StringComparison.Ordinal);
        Assert.False(status.Complete);
    }

    [Fact]
    public async Task Claim_OverlappingFiles_AreNeverLeasedTogether_Invariant4()
    {
        await ImportAsync(Specs.Task("a", files: ["src/api/**"]), Specs.Task("b", files: ["src/api/users.cs"]), Specs.Task("c"));
        Assert.Equal("a", (await ClaimAsync("w1")).Value.Task.Id.Value);
        Assert.Equal("c", (await ClaimAsync("w2")).Value.Task.Id.Value);
        Assert.Equal(ErrorCode.NoTask, (await ClaimAsync("w3")).Error?.Code);
        var status = await Store.StatusAsync(Now, TestContext.Current.CancellationToken);
        Assert.Contains(status.Waiting, w => w.TaskId == "b" && w.Reason.Contains("reserved by a", StringComparison.Ordinal));
        await ReportAsync("a", "w1");
        Assert.Equal("b", (await ClaimAsync("w3")).Value.Task.Id.Value);
    }

    [Fact]
    public async Task Claim_TaskWithLabels_GoesOnlyToWorkerWithThem()
    {
        await ImportAsync(Specs.Task("gpu", labels: ["gpu"]));
        Assert.Equal(ErrorCode.NoTask, (await ClaimAsync("plain")).Error?.Code);
        var claim = await Store.ClaimAsync(ClaimBy("big") with { Labels = ["gpu", "linux"] }, Lease, Now, TestContext.Current.CancellationToken);
        Assert.Equal("gpu", claim.Value.Task.Id.Value);
    }

    [Fact]
    public async Task Claim_AtCapacity_ReturnsTheHeldTaskAgain()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        var first = (await ClaimAsync("w1")).Value;
        var again = (await ClaimAsync("w1")).Value;
        Assert.Equal(first.Task.Id, again.Task.Id);
        Assert.Equal(first.Lease.Id, again.Lease.Id);
        Assert.Equal(TaskState.Ready, await StateOf("b"));
    }

    [Fact]
    public async Task Import_DuplicateOfStoredId_IsRejectedAndStoreUnchanged_Invariant5()
    {
        await ImportAsync(Specs.Task("a"));
        var before = await Store.ListTasksAsync(TaskQuery.All, Now, TestContext.Current.CancellationToken);
        var result = await Store.ImportAsync([Specs.Task("x"), Specs.Task("a"), Specs.Task("y", dependsOn: ["ghost"])], null, [], Now, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.InvalidPlan, result.Error?.Code);
        Assert.Contains(result.Error!.Details!, d => d.StartsWith("$.tasks[1].id:", StringComparison.Ordinal));
        Assert.Contains(result.Error!.Details!, d => d.StartsWith("$.tasks[2].depends_on[0]:", StringComparison.Ordinal));
        var after = await Store.ListTasksAsync(TaskQuery.All, Now, TestContext.Current.CancellationToken);
        Assert.Equal(Json(before), Json(after));
    }

    [Fact]
    public async Task Import_CancelledWhileInserting_LeavesTheStoreUnchanged_Invariant5()
    {
        await ImportAsync(Specs.Task("a"));
        var ct = TestContext.Current.CancellationToken;
        var before = await Store.ListTasksAsync(TaskQuery.All, Now, ct);
        var eventsBefore = await Store.ReadEventsAsync(0, 10_000, ct);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var tasks = new CancellingTaskList([.. Enumerable.Range(0, 2_000).Select(i => Specs.Task($"t{i}"))], cancelAt: 1_000, cancel);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.ImportAsync(tasks, null, [], Now, cancel.Token));

        Assert.Equal(Json(before), Json(await Store.ListTasksAsync(TaskQuery.All, Now, ct)));
        Assert.Equal(eventsBefore.Count, (await Store.ReadEventsAsync(0, 10_000, ct)).Count);
        // The writer is free and the ids unused: the same tasks import once nobody cancels.
        await ImportAsync([.. Enumerable.Range(0, 2_000).Select(i => Specs.Task($"t{i}"))]);
        Assert.Equal(2_001, (await Store.ListTasksAsync(TaskQuery.All, Now, ct)).Count);
    }

    [Fact]
    public async Task Release_ReturnsTaskToReadyWithHistory()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var released = await Store.ReleaseAsync(new ReleaseRequest { TaskId = new TaskId("a"), Worker = new WorkerId("w1"), Reason = "need a human" }, Now, TestContext.Current.CancellationToken);
        Assert.Equal(TaskState.Ready, released.Value.State);
        var next = (await ClaimAsync("w2")).Value;
        Assert.Equal("need a human", Assert.Single(next.History).Note);
    }

    [Fact]
    public async Task Cancel_FinishedTask_IsIllegalTransition()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        await ReportAsync("a", "w1");
        var cancel = await Store.CancelAsync(new TaskId("a"), null, Now, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.IllegalTransition, cancel.Error?.Code);
    }

    [Fact]
    public async Task Events_AreNumberedAndReadAfterAnId()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var all = await Store.ReadEventsAsync(0, 100, TestContext.Current.CancellationToken);
        Assert.Equal(all.Select(e => e.Id).Order(), all.Select(e => e.Id));
        Assert.Contains(all, e => e.Type == "task.claimed" && e.TaskId == "a" && e.Worker == "w1");
        var after = await Store.ReadEventsAsync(all[1].Id, 100, TestContext.Current.CancellationToken);
        Assert.Equal(all.Skip(2).Select(e => e.Id), after.Select(e => e.Id));
    }

    [Fact]
    public async Task Events_ReadStopsAtItsMaximum()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"), Specs.Task("c"));
        var all = await Store.ReadEventsAsync(0, 100, TestContext.Current.CancellationToken);

        var two = await Store.ReadEventsAsync(0, 2, TestContext.Current.CancellationToken);
        var next = await Store.ReadEventsAsync(two[^1].Id, 2, TestContext.Current.CancellationToken);

        Assert.True(all.Count > 3, $"expected more than 3 events, got {all.Count}");
        Assert.Equal(all.Take(2).Select(e => e.Id), two.Select(e => e.Id));
        Assert.Equal(all.Skip(2).Take(2).Select(e => e.Id), next.Select(e => e.Id));
    }

    [Fact]
    public async Task CountReady_CountsUpToItsLimit()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"), Specs.Task("c"));
        await ClaimAsync("w1");
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(2, await Store.CountReadyAsync(10, Now, ct));
        Assert.Equal(1, await Store.CountReadyAsync(1, Now, ct));
        Assert.Equal(0, await Store.CountReadyAsync(0, Now, ct));
    }

    private Task<Result<ReportResult>> ReportAndClaimAsync(string task, string worker, ReportOutcome outcome = ReportOutcome.Done, string? key = null)
        => Store.ReportAndClaimAsync(ReportBy(task, worker, outcome, key), ClaimBy(worker), Lease, Now, TestContext.Current.CancellationToken);

    [Fact]
    public async Task ReportAndClaim_AppliesTheReportAndLeasesTheNextTaskToTheReporter()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        Assert.True((await ClaimAsync("w1")).IsOk);

        var result = await ReportAndClaimAsync("a", "w1");

        Assert.True(result.IsOk, result.Error?.Message);
        Assert.Equal(TaskState.Done, result.Value.Task.State);
        Assert.Equal("b", result.Value.Next?.Task.Id.Value);
        Assert.Equal("w1", result.Value.Next?.Lease.Worker.Value);
        Assert.Null(result.Value.NoNext);
        Assert.Equal(TaskState.Leased, await StateOf("b"));
    }

    [Fact]
    public async Task ReportAndClaim_WithNothingReady_AppliesTheReportAndSaysWhy()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b", dependsOn: ["a"]), Specs.Task("c", dependsOn: ["b"]));
        Assert.True((await ClaimAsync("w1")).IsOk);

        // Done on a releases b, which the same commit then hands to w1.
        var first = await ReportAndClaimAsync("a", "w1");
        Assert.Equal("b", first.Value.Next?.Task.Id.Value);

        var second = await ReportAndClaimAsync("b", "w1");
        Assert.True(second.IsOk, second.Error?.Message);
        Assert.Equal("c", second.Value.Next?.Task.Id.Value);

        var last = await ReportAndClaimAsync("c", "w1");
        Assert.True(last.IsOk, last.Error?.Message);
        Assert.Equal(TaskState.Done, last.Value.Task.State);
        Assert.Null(last.Value.Next);
        // Nothing is left that could become ready: the answer says the plan is over, not that nothing is ready yet.
        Assert.Equal("the plan is complete (3 done): nothing left to claim", last.Value.NoNext);
    }

    [Fact]
    public async Task Report_SecondByTheSameWorker_IsRefusedAsAlreadyReported()
    {
        await ImportAsync(Specs.Task("a"));
        Assert.True((await ClaimAsync("w1")).IsOk);
        Assert.True((await ReportAsync("a", "w1")).IsOk);

        var again = await ReportAsync("a", "w1");

        Assert.Equal(ErrorCode.LeaseNotHeld, again.Error?.Code);
        Assert.Equal("report refused: w1 already reported a (done, attempt 1); task is now done", again.Error!.Message);
        var detail = (await Store.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken)).Value;
        Assert.Single(detail.Reports);
    }

    [Fact]
    public async Task ReportAndClaim_RefusedReport_ClaimsNothing()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        Assert.True((await ClaimAsync("w1")).IsOk);

        var refused = await ReportAndClaimAsync("a", "w2");

        Assert.Equal(ErrorCode.LeaseNotHeld, refused.Error?.Code);
        Assert.Equal(TaskState.Ready, await StateOf("b"));
        Assert.Equal(TaskState.Leased, await StateOf("a"));
    }

    [Fact]
    public async Task ReportAndClaim_RetriedWithTheSameKey_ReplaysAndGivesBackTheHeldTask()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"), Specs.Task("c"));
        Assert.True((await ClaimAsync("w1")).IsOk);

        var first = await ReportAndClaimAsync("a", "w1", key: "k1");
        var retry = await ReportAndClaimAsync("a", "w1", key: "k1");

        Assert.True(retry.Value.Replayed);
        Assert.Equal(first.Value.Next?.Task.Id, retry.Value.Next?.Task.Id);
        Assert.Equal(first.Value.Next?.Lease.Id, retry.Value.Next?.Lease.Id);
        Assert.Equal(TaskState.Ready, await StateOf("c"));
    }

    public static TheoryData<string> ReportEndings => ["done", "checking", "failed", "exhausted", "blocked", "conflict"];

    // The report answers with the task as its own update left it, without reading the row back: it must be
    // the task a read gives afterwards, whichever state the report moved it to.
    [Theory]
    [MemberData(nameof(ReportEndings))]
    public async Task Report_AnswersWithTheTaskAsAReadGivesItAfterwards(string ending)
    {
        using var check = System.Text.Json.JsonDocument.Parse("""{"check": "file_exists", "path": "src/a/x.cs"}""");
        var spec = Specs.Task("a", files: ["src/a/**"], maxAttempts: ending == "exhausted" ? 1 : 3) with
        {
            Acceptance = ending == "checking" ? [new AcceptanceItem { Check = check.RootElement.Clone() }] : [AcceptanceItem.OfText("it works")],
            Context = "why a matters",
        };
        await ImportAsync(spec, Specs.Task("b", dependsOn: ["a"]));
        Assert.True((await ClaimAsync("w1")).IsOk);
        Time.Advance(TimeSpan.FromSeconds(3));

        var request = ReportBy("a", "w1", ending switch
        {
            "failed" or "exhausted" => ReportOutcome.Failed,
            "blocked" => ReportOutcome.Blocked,
            _ => ReportOutcome.Done,
        }, null) with
        { Files = ending == "conflict" ? ["docs/outside.md"] : ["src/a/x.cs"] };
        var report = await Store.ReportAsync(request, Now, TestContext.Current.CancellationToken);

        Assert.True(report.IsOk, report.Error?.Message);
        var read = (await Store.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken)).Value.Task;
        Assert.Equal(Json(read), Json(report.Value.Task));
        var expected = ending switch
        {
            "done" => TaskState.Done,
            "checking" => TaskState.Checking,
            "failed" => TaskState.Ready,
            _ => TaskState.Escalated,
        };
        Assert.Equal(expected, read.State);
    }

    // A claim answers with the leased task derived from the row it chose, not read back: it must equal what a
    // read gives afterwards, on a first attempt and on a retry (with history), with dependencies,
    // labels, files and a lease length of its own.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Claim_AnswersWithTheTaskAsAReadGivesItAfterwards(bool retry)
    {
        var spec = Specs.Task("c", files: ["src/c/**"], dependsOn: ["b", "a"], labels: ["gpu"]) with
        {
            Acceptance = [AcceptanceItem.OfText("it works")],
            Context = "why c matters",
            Lease = TimeSpan.FromSeconds(90),
        };
        await ImportAsync(Specs.Task("a"), Specs.Task("b"), spec);
        foreach (var dep in new[] { "a", "b" })
        {
            Assert.True((await ClaimAsync("w1")).IsOk);
            Assert.True((await ReportAsync(dep, "w1")).IsOk);
        }
        Time.Advance(TimeSpan.FromSeconds(2));
        var gpu = ClaimBy("w2") with { Labels = ["gpu"] };
        if (retry)
        {
            Assert.True((await Store.ClaimAsync(gpu, Lease, Now, TestContext.Current.CancellationToken)).IsOk);
            Assert.True((await ReportAsync("c", "w2", ReportOutcome.Failed)).IsOk);
            Time.Advance(TimeSpan.FromSeconds(2));
        }

        var claimed = await Store.ClaimAsync(gpu, Lease, Now, TestContext.Current.CancellationToken);

        Assert.True(claimed.IsOk, claimed.Error?.Message);
        var read = (await Store.ShowTaskAsync(new TaskId("c"), TestContext.Current.CancellationToken)).Value.Task;
        Assert.Equal(Json(read), Json(claimed.Value.Task));
        Assert.Equal(TaskState.Leased, read.State);
        Assert.Equal([new TaskId("b"), new TaskId("a")], read.DependsOn);
        Assert.Equal(Now.AddMilliseconds(90_000), claimed.Value.Lease.ExpiresAt);
        Assert.Equal(retry ? 2 : 1, claimed.Value.Attempt);
        Assert.Equal(retry ? 1 : 0, claimed.Value.History.Count);
    }

    [Fact]
    public async Task ReportAndClaim_SaysThePlanIsCompleteOnlyWhenItsLastTaskIsDone()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        Assert.True((await ClaimAsync("w1")).IsOk);

        var first = await ReportAndClaimAsync("a", "w1");
        Assert.Equal("b", first.Value.Next?.Task.Id.Value);
        Assert.Equal(0, await PlanCompleteEventsAsync());

        var last = await ReportAndClaimAsync("b", "w1");
        Assert.True(last.IsOk, last.Error?.Message);
        Assert.Null(last.Value.Next);
        Assert.Equal(1, await PlanCompleteEventsAsync());
    }

    [Fact]
    public async Task ReportAndClaim_AFailureThatLeavesNothingToClaim_DoesNotCompleteThePlan()
    {
        await ImportAsync(Specs.Task("a", maxAttempts: 1));
        Assert.True((await ClaimAsync("w1")).IsOk);

        var failed = await ReportAndClaimAsync("a", "w1", ReportOutcome.Failed);

        Assert.True(failed.IsOk, failed.Error?.Message);
        Assert.Equal(TaskState.Escalated, failed.Value.Task.State);
        Assert.Equal(0, await PlanCompleteEventsAsync());
    }

    [Fact]
    public async Task Report_OfTheLastTask_SaysThePlanIsComplete()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        Assert.True((await ClaimAsync("w1")).IsOk);
        Assert.True((await ClaimAsync("w2")).IsOk);

        Assert.True((await ReportAsync("a", "w1")).IsOk);
        Assert.Equal(0, await PlanCompleteEventsAsync());
        Assert.True((await ReportAsync("b", "w2")).IsOk);
        Assert.Equal(1, await PlanCompleteEventsAsync());
    }

    private async Task<int> PlanCompleteEventsAsync()
        => (await Store.ReadEventsAsync(0, 10_000, TestContext.Current.CancellationToken)).Count(e => e.Type == EventTypes.PlanComplete);

    private StandingClaim Offer(string worker, string[]? labels = null)
    {
        var offer = Store.OfferClaim(ClaimBy(worker) with { Labels = labels }, Lease, Time);
        Assert.NotNull(offer);
        return offer;
    }

    [Fact]
    public async Task OfferClaim_IsLeasedInTheCommitThatMakesATaskReady()
    {
        var offer = Offer("w1");
        Assert.False(offer.IsSettled);

        await ImportAsync(Specs.Task("a"));

        // Settled before the import's own reply: the lease was made in the import's transaction.
        Assert.True(offer.IsSettled);
        var leased = await offer.Settled;
        Assert.Equal("a", leased?.Task.Id.Value);
        Assert.Equal("w1", leased?.Lease.Worker.Value);
        Assert.Equal(TaskState.Leased, await StateOf("a"));
    }

    [Fact]
    public async Task OfferClaim_ReleasedDependentGoesToTheOfferInTheReportsCommit()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b", dependsOn: ["a"]));
        Assert.True((await ClaimAsync("w1")).IsOk);
        var offer = Offer("w2");

        Assert.True((await ReportAsync("a", "w1")).IsOk);

        Assert.True(offer.IsSettled);
        Assert.Equal("b", (await offer.Settled)?.Task.Id.Value);
    }

    [Fact]
    public async Task OfferClaim_Withdrawn_SettlesEmptyAndLeasesNothing()
    {
        var offer = Offer("w1");
        offer.Withdraw();

        await ImportAsync(Specs.Task("a"));

        Assert.Null(await offer.Settled);
        Assert.Equal(TaskState.Ready, await StateOf("a"));
    }

    [Fact]
    public async Task OfferClaim_WithNoFittingTask_StaysOpenAndLeasesNothing()
    {
        var offer = Offer("w1", labels: ["gpu"]);

        await ImportAsync(Specs.Task("a", labels: ["linux"]));

        Assert.False(offer.IsSettled);
        Assert.Equal(TaskState.Ready, await StateOf("a"));
        Assert.Empty((await Store.ShowTaskAsync(new TaskId("a"), TestContext.Current.CancellationToken)).Value.Attempts);

        await ImportAsync(Specs.Task("b", labels: ["gpu"]));
        Assert.Equal("b", (await offer.Settled)?.Task.Id.Value);
        Assert.Equal(TaskState.Ready, await StateOf("a"));
    }
}

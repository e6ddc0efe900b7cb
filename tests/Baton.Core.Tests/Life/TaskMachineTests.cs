using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Life;

/// <summary>Each transition of the task life and each of its refusals, decided by <see cref="TaskMachine"/> and applied
/// by <see cref="LifeWorld"/>.</summary>
public sealed class TaskMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly LifeWorld _world = new();
    private DateTimeOffset _now = T0;

    private static TaskSpec Spec(string id, int priority = 0, string[]? files = null, string[]? deps = null, int maxAttempts = 3,
        string[]? labels = null, bool checks = false) => new()
        {
            Id = new TaskId(id),
            Title = "task " + id,
            Priority = priority,
            Files = files ?? [],
            DependsOn = [.. (deps ?? []).Select(d => new TaskId(d))],
            MaxAttempts = maxAttempts,
            Labels = labels ?? [],
            Acceptance = checks ? [new AcceptanceItem { Check = JsonDocument.Parse("""{"check":"file_exists","path":"x"}""").RootElement }] : [],
        };

    private static ClaimRequest By(string worker, TimeSpan? lease = null, string[]? labels = null, int? capacity = null)
        => new() { Worker = new WorkerId(worker), Lease = lease, Labels = labels, Capacity = capacity };

    private static ReportRequest Report(string task, string worker, ReportOutcome outcome = ReportOutcome.Done, string[]? files = null, string? lease = null)
        => new()
        {
            TaskId = new TaskId(task),
            Worker = new WorkerId(worker),
            Outcome = outcome,
            Summary = $"{worker} on {task}",
            Files = files ?? [],
            LeaseId = lease is null ? null : new LeaseId(lease),
        };

    private Assignment Claim(string worker, TimeSpan? lease = null)
    {
        var claimed = _world.Claim(By(worker, lease), _now);
        Assert.True(claimed.IsOk, claimed.Error?.Message);
        return claimed.Value;
    }

    [Fact]
    public void Import_TaskWithUnfinishedDependency_StartsPendingAndTheOtherReady()
    {
        _world.Import(_now, Spec("a"), Spec("b", deps: ["a"]));
        Assert.Equal(TaskState.Ready, _world.Life("a").State);
        Assert.Equal(TaskState.Pending, _world.Life("b").State);
        Assert.Equal(1, _world.Life("b").PendingDeps);
        Assert.Equal([EventTypes.TaskAdded, EventTypes.TaskAdded, EventTypes.PlanImported], _world.Events.Select(e => e.Type));
    }

    [Fact]
    public void Import_DuplicateAndUnknownIds_IsRefusedNamingEachProblemAndAddsNothing()
    {
        _world.Import(_now, Spec("a"));
        var decision = _world.Import(_now, Spec("a"), Spec("b"), Spec("b"), Spec("c", deps: ["nope"]));
        Assert.Equal(ErrorCode.InvalidPlan, decision.Refusal?.Code);
        Assert.Equal("plan rejected: 3 problems", decision.Refusal!.Message);
        Assert.Equal(
            ["$.tasks[0].id: duplicate id 'a' (a task with that id is already in the store)", "$.tasks[2].id: duplicate id 'b' in this plan",
                "$.tasks[3].depends_on[0]: unknown task 'nope' (not in this plan nor in the store)"],
            decision.Refusal.Details);
        Assert.Empty(decision.Changes);
    }

    [Fact]
    public void Import_EmptyPlan_IsRefused()
        => Assert.Equal("plan rejected: it has no tasks", _world.Import(_now).Refusal?.Message);

    [Fact]
    public void Import_DependencyOnStoredDoneTask_StartsReady()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1");
        _world.Report(Report("a", "w1"), _now);
        _world.Import(_now, Spec("b", deps: ["a"]));
        Assert.Equal(TaskState.Ready, _world.Life("b").State);
    }

    [Fact]
    public void Claim_TakesHighestPriorityThenPlanOrder()
    {
        _world.Import(_now, Spec("a"), Spec("b", priority: 5), Spec("c"), Spec("d", priority: 5));
        Assert.Equal(["b", "d", "a", "c"], Enumerable.Range(0, 4).Select(i => Claim("w" + i).Task.Id.Value));
    }

    [Fact]
    public void Claim_SkipsTasksWhoseLabelsTheWorkerLacksOrWhoseFilesAreReserved_Invariant4()
    {
        _world.Import(_now, Spec("gpu", labels: ["gpu"]), Spec("src", files: ["src/**"]), Spec("file", files: ["src/a.cs"]), Spec("docs", files: ["docs/*"]));
        Assert.Equal("src", Claim("w1").Task.Id.Value);
        Assert.Equal("docs", Claim("w2").Task.Id.Value);
        var none = _world.Claim(By("w3"), _now);
        Assert.Equal(ErrorCode.NoTask, none.Error?.Code);
        Assert.Equal("no task ready for this worker: 2 ready task(s) need other labels or wait on files reserved by leased tasks", none.Error!.Message);
        Assert.Equal("gpu", _world.Claim(By("w4", labels: ["gpu"]), _now).Value.Task.Id.Value);
    }

    [Fact]
    public void Claim_AtCapacity_GivesBackTheHeldTaskUnderTheSameLease()
    {
        _world.Import(_now, Spec("a"), Spec("b"));
        var first = Claim("w1");
        var again = Claim("w1");
        Assert.Equal(first.Lease, again.Lease);
        Assert.Equal(TaskState.Ready, _world.Life("b").State);
    }

    [Fact]
    public void Lease_StartsAnAttemptWithTheAskedLengthAndTheHandoff()
    {
        _world.Import(_now, Spec("a"));
        _now += TimeSpan.FromSeconds(3);
        var life = _world.Life("a");
        var decision = TaskMachine.Lease(_world.Item("a"), life, By("w1", lease: TimeSpan.FromSeconds(30)) with { RequestedAt = T0 + TimeSpan.FromSeconds(1) },
            new LeaseId("l-1"), TimeSpan.FromMinutes(10), _now);
        Assert.Equal(_now + TimeSpan.FromSeconds(30), decision.After!.Deadline);
        Assert.Equal(30_000, decision.After.LeaseLengthMs);
        var start = Assert.Single(decision.Changes.OfType<StartAttempt>());
        Assert.Equal((1, 2_000L), (start.Number, start.HandoffMs));
        var claimed = Assert.Single(decision.Changes.OfType<AppendEvent>(), e => e.Type == EventTypes.TaskClaimed);
        Assert.Equal("""{"handoff_ms":2000}""", claimed.Data);
    }

    [Fact]
    public void Report_DoneWithoutChecks_FinishesTheTaskReleasesDependentsAndCompletesThePlan()
    {
        _world.Import(_now, Spec("a"), Spec("b", deps: ["a"]));
        Claim("w1");
        var decision = _world.Report(Report("a", "w1"), _now);
        Assert.Equal(TaskState.Done, decision.After?.State);
        Assert.Equal(TaskState.Ready, _world.Life("b").State);
        Assert.Equal((1, 0), _world.Tally("w1"));
        Claim("w1");
        _world.Report(Report("b", "w1"), _now);
        Assert.Equal(EventTypes.PlanComplete, _world.Events[^1].Type);
    }

    [Fact]
    public void Report_DoneWithMachineChecks_WaitsInCheckingWithTheReporterAndADeadline()
    {
        _world.Import(_now, Spec("a", checks: true));
        Claim("w1");
        var after = _world.Report(Report("a", "w1"), _now).After!;
        Assert.Equal((TaskState.Checking, "acceptance checks are running"), (after.State, after.Reason));
        Assert.Equal(new WorkerId("w1"), after.Worker);
        Assert.Equal(_now + TaskMachine.CheckDeadline, after.Deadline);
        Assert.Null(after.LeaseId);
        Assert.Equal((0, 0), _world.Tally("w1"));
    }

    [Fact]
    public void Report_Failed_RetriesWithFeedbackThenEscalatesOnTheLastAttempt()
    {
        _world.Import(_now, Spec("a", maxAttempts: 2));
        Claim("w1");
        var first = _world.Report(Report("a", "w1", ReportOutcome.Failed), _now).After!;
        Assert.Equal((TaskState.Ready, "attempt 1 of 2 failed: w1 on a"), (first.State, first.Reason));
        Assert.Equal("The previous attempt failed: w1 on a", first.Feedback);
        Assert.Equal("The previous attempt failed: w1 on a", Claim("w2").Feedback);
        var second = _world.Report(Report("a", "w2", ReportOutcome.Failed), _now).After!;
        Assert.Equal(TaskState.Escalated, second.State);
        Assert.Equal("failed on attempt 2 of 2: attempts exhausted: w2 on a", second.Reason);
        Assert.Equal(EscalationKinds.AttemptsExhausted, Assert.Single(_world.Escalations).Kind);
    }

    [Fact]
    public void Report_Blocked_EscalatesAtOnce()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1");
        var after = _world.Report(Report("a", "w1", ReportOutcome.Blocked), _now).After!;
        Assert.Equal((TaskState.Escalated, "blocked: w1 on a"), (after.State, after.Reason));
        Assert.Equal(EscalationKinds.Blocked, Assert.Single(_world.Escalations).Kind);
    }

    [Fact]
    public void Report_DoneTouchingFilesReservedByAnotherTask_EscalatesAsConflict_Invariant4()
    {
        _world.Import(_now, Spec("a", files: ["src/a/**"]), Spec("b", files: ["src/b/**"]));
        Claim("w1");
        Claim("w2");
        var after = _world.Report(Report("a", "w1", files: ["src/b/x.cs"]), _now).After!;
        Assert.Equal(TaskState.Escalated, after.State);
        Assert.Equal("conflict: changed src/b/x.cs, reserved by b (held by w2)", after.Reason);
        var escalation = Assert.Single(_world.Escalations);
        Assert.Equal((EscalationKinds.OverlappingEdit, "b"), (escalation.Kind, escalation.ConflictingTask?.Value));
    }

    [Fact]
    public void Report_DoneOutsideTheTasksFiles_EscalatesAsOutsideFiles()
    {
        _world.Import(_now, Spec("a", files: ["src/a/**"]));
        Claim("w1");
        var after = _world.Report(Report("a", "w1", files: ["README.md"]), _now).After!;
        Assert.Equal("conflict: changed README.md, outside the task's files (src/a/**)", after.Reason);
    }

    [Fact]
    public void Report_DoneChangingWhatAnotherTaskChangedSinceTheClaim_EscalatesAsConflict()
    {
        _world.Import(_now, Spec("a"), Spec("b"));
        Claim("w1");
        Claim("w2");
        _world.Report(Report("b", "w2", files: ["shared.txt"]), _now);
        var after = _world.Report(Report("a", "w1", files: ["shared.txt"]), _now).After!;
        Assert.Equal("conflict: changed shared.txt, also changed by b (w2) since this task was claimed", after.Reason);
    }

    [Fact]
    public void Report_FromAWorkerWithoutTheLease_IsRefusedAndChangesNothing_Invariant1()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1");
        var before = _world.Life("a");
        var decision = _world.Report(Report("a", "intruder"), _now);
        Assert.Equal(ErrorCode.LeaseNotHeld, decision.Refusal?.Code);
        Assert.Equal("report refused: intruder does not hold a (leased by w1)", decision.Refusal!.Message);
        Assert.Empty(decision.Changes);
        Assert.Same(before, _world.Life("a"));
    }

    [Fact]
    public void Report_UnderASupersededLeaseId_IsRefused()
    {
        _world.Import(_now, Spec("a"));
        var lease = Claim("w1").Lease.Id.Value;
        var decision = _world.Report(Report("a", "w1", lease: "l-old"), _now);
        Assert.Equal(ErrorCode.LeaseNotHeld, decision.Refusal?.Code);
        Assert.Equal($"report refused: lease l-old on a is superseded by lease {lease}", decision.Refusal!.Message);
    }

    [Fact]
    public void Report_AfterTheOwnLeaseLapsed_ExpiresItAndKeepsTheReportAsLate_Invariant1()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1", TimeSpan.FromSeconds(30));
        _now += TimeSpan.FromSeconds(31);
        var decision = _world.Report(Report("a", "w1"), _now);
        Assert.Equal(ErrorCode.LeaseExpired, decision.Refusal?.Code);
        Assert.Equal($"report refused: lease of w1 on a expired at {T0 + TimeSpan.FromSeconds(30):O}; task returned to the queue", decision.Refusal!.Message);
        Assert.Equal(TaskState.Ready, _world.Life("a").State);
        var late = Assert.Single(_world.Reports);
        Assert.True(late.Late);
        Assert.Equal(AttemptEndings.Expired, _world.Attempts(new TaskId("a"))[0].Ending);
        Assert.Equal([EventTypes.LeaseExpired, EventTypes.ReportLate], _world.Events.Skip(3).Select(e => e.Type));
    }

    [Fact]
    public void Report_AfterTheLeaseExpiredAndTheTaskWasReassigned_IsLateAndNamesTheNewHolder()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1", TimeSpan.FromSeconds(30));
        _now += TimeSpan.FromSeconds(31);
        Claim("w2");
        var decision = _world.Report(Report("a", "w1"), _now);
        Assert.Equal(ErrorCode.LeaseExpired, decision.Refusal?.Code);
        Assert.Equal("report refused: lease expired, task reassigned to w2 (the lease of w1 on a ended earlier)", decision.Refusal!.Message);
        Assert.True(Assert.Single(_world.Reports).Late);
    }

    [Fact]
    public void Report_SecondByTheSameWorker_IsRefusedAsAlreadyReported()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1");
        _world.Report(Report("a", "w1", ReportOutcome.Failed), _now);
        var decision = _world.Report(Report("a", "w1"), _now);
        Assert.Equal(ErrorCode.LeaseNotHeld, decision.Refusal?.Code);
        Assert.Equal("report refused: w1 already reported a (failed, attempt 1); task is now ready", decision.Refusal!.Message);
    }

    [Fact]
    public void Heartbeat_RenewsEveryLiveLeaseByItsLength()
    {
        _world.Import(_now, Spec("a"), Spec("b"));
        _world.Claim(By("w1", lease: TimeSpan.FromSeconds(30), capacity: 2), _now);
        _world.Claim(By("w1", lease: TimeSpan.FromSeconds(60), capacity: 2), _now);
        _now += TimeSpan.FromSeconds(20);
        var beat = _world.Heartbeat(new HeartbeatRequest { Worker = new WorkerId("w1"), Note = "halfway" }, _now);
        Assert.True(beat.Decision.Accepted);
        Assert.Equal([_now + TimeSpan.FromSeconds(30), _now + TimeSpan.FromSeconds(60)], beat.Renewed.Select(r => r.ExpiresAt));
        Assert.Equal("halfway", _world.Attempts(new TaskId("a"))[0].Note);
    }

    [Fact]
    public void Heartbeat_AfterEveryLeaseLapsed_ExpiresThemAndIsRefused()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1", TimeSpan.FromSeconds(5));
        _now += TimeSpan.FromSeconds(6);
        var beat = _world.Heartbeat(new HeartbeatRequest { Worker = new WorkerId("w1") }, _now);
        Assert.Equal(ErrorCode.LeaseExpired, beat.Decision.Refusal?.Code);
        Assert.Equal("heartbeat refused: lease of w1 on a expired; task returned to the queue", beat.Decision.Refusal!.Message);
        Assert.Equal(TaskState.Ready, _world.Life("a").State);
    }

    [Fact]
    public void Heartbeat_WithoutAnyLease_IsRefusedAsNotHeld()
    {
        var beat = _world.Heartbeat(new HeartbeatRequest { Worker = new WorkerId("w1") }, _now);
        Assert.Equal((ErrorCode.LeaseNotHeld, "heartbeat refused: w1 holds no live lease"), (beat.Decision.Refusal?.Code, beat.Decision.Refusal?.Message));
    }

    [Fact]
    public void Release_ReturnsTheTaskWithoutCountingAFailureEvenOnTheLastAttempt()
    {
        _world.Import(_now, Spec("a", maxAttempts: 1));
        Claim("w1");
        var after = _world.Release(new ReleaseRequest { TaskId = new TaskId("a"), Worker = new WorkerId("w1"), Reason = "stuck" }, _now).After!;
        Assert.Equal((TaskState.Ready, "released by w1: stuck on attempt 1 of 1"), (after.State, after.Reason));
        var attempt = _world.Attempts(new TaskId("a"))[0];
        Assert.Equal((AttemptEndings.Released, "stuck"), (attempt.Ending, attempt.Note));
    }

    [Fact]
    public void Expire_OnTheLastAttempt_Escalates()
    {
        _world.Import(_now, Spec("a", maxAttempts: 1));
        Claim("w1", TimeSpan.FromSeconds(5));
        _now += TimeSpan.FromSeconds(5);
        Assert.Equal([new TaskId("a")], _world.ExpireDue(_now));
        Assert.Equal((TaskState.Escalated, "lease of w1 expired on attempt 1 of 1: attempts exhausted"), (_world.Life("a").State, _world.Life("a").Reason));
        Assert.Equal(EscalationKinds.AttemptsExhausted, Assert.Single(_world.Escalations).Kind);
    }

    [Fact]
    public void HandBack_ChecksThatNeverFinished_MakeTheTaskReadyAgain()
    {
        _world.Import(_now, Spec("a", checks: true));
        Claim("w1");
        _world.Report(Report("a", "w1"), _now);
        _now += TaskMachine.CheckDeadline;
        _world.ExpireDue(_now);
        Assert.Equal((TaskState.Ready, "acceptance checks did not finish; the task is handed out again"), (_world.Life("a").State, _world.Life("a").Reason));
    }

    [Fact]
    public void CompleteChecks_Passed_FinishesTheTaskAndCountsItForTheReporter()
    {
        _world.Import(_now, Spec("a", checks: true));
        Claim("w1");
        _world.Report(Report("a", "w1"), _now);
        var after = _world.CompleteChecks("a", 1, passed: true, _now).After!;
        Assert.Equal((TaskState.Done, "passed its 1 acceptance check(s)"), (after.State, after.Reason));
        Assert.Equal((1, 0), _world.Tally("w1"));
    }

    [Fact]
    public void CompleteChecks_Failed_GivesANewAttemptWithTheFailuresThenEscalates()
    {
        _world.Import(_now, Spec("a", checks: true, maxAttempts: 2));
        Claim("w1");
        _world.Report(Report("a", "w1"), _now);
        var first = _world.CompleteChecks("a", 1, passed: false, _now).After!;
        Assert.Equal((TaskState.Ready, "acceptance checks failed on attempt 1 of 2: broken"), (first.State, first.Reason));
        Assert.StartsWith("The previous attempt failed 1 of 1 acceptance checks:", first.Feedback, StringComparison.Ordinal);
        Assert.Equal(AttemptEndings.ChecksFailed, _world.Attempts(new TaskId("a"))[0].Ending);
        Claim("w2");
        _world.Report(Report("a", "w2"), _now);
        Assert.Equal(TaskState.Escalated, _world.CompleteChecks("a", 2, passed: false, _now).After!.State);
        Assert.Equal(EscalationKinds.ChecksFailed, Assert.Single(_world.Escalations).Kind);
    }

    [Fact]
    public void CompleteChecks_ForAnotherAttempt_IsAnIllegalTransition()
    {
        _world.Import(_now, Spec("a", checks: true));
        Claim("w1");
        _world.Report(Report("a", "w1"), _now);
        var decision = _world.CompleteChecks("a", 2, passed: true, _now);
        Assert.Equal((ErrorCode.IllegalTransition, "a is not being checked for attempt 2 (it is checking, attempt 1)"),
            (decision.Refusal?.Code, decision.Refusal?.Message));
    }

    [Fact]
    public void Escalate_AnEscalatedTask_IsAnIllegalTransition()
    {
        _world.Import(_now, Spec("a"));
        Assert.True(_world.Escalate("a", _now).Accepted);
        Assert.Equal((ErrorCode.IllegalTransition, "a is already escalated"), (_world.Escalate("a", _now).Refusal?.Code, _world.Escalate("a", _now).Refusal?.Message));
    }

    [Fact]
    public void Resolve_Retry_GivesAFreshAttemptBudgetAndTheEngineersNote()
    {
        _world.Import(_now, Spec("a", maxAttempts: 1));
        Claim("w1");
        _world.Report(Report("a", "w1", ReportOutcome.Blocked), _now);
        var after = _world.Resolve(new ResolveRequest { TaskId = new TaskId("a"), Action = "retry", Note = "use the cache" }, _now).After!;
        Assert.Equal((TaskState.Ready, 2, "The engineer says: use the cache"), (after.State, after.MaxAttempts, after.Feedback));
        Assert.Empty(_world.OpenEscalations);
        Assert.Equal(TaskState.Ready, _world.Events[^1].State);
    }

    [Fact]
    public void Resolve_DoneAndCancel_FinishTheTask()
    {
        _world.Import(_now, Spec("a"), Spec("b"), Spec("c", deps: ["a"]));
        _world.Escalate("a", _now);
        _world.Escalate("b", _now);
        Assert.Equal(TaskState.Done, _world.Resolve(new ResolveRequest { TaskId = new TaskId("a"), Action = "done" }, _now).After!.State);
        Assert.Equal(TaskState.Ready, _world.Life("c").State);
        Assert.Equal(TaskState.Cancelled, _world.Resolve(new ResolveRequest { TaskId = new TaskId("b"), Action = "cancel" }, _now).After!.State);
    }

    [Fact]
    public void Resolve_ATaskNotEscalated_IsAnIllegalTransition_AndAMalformedOneABadRequest()
    {
        _world.Import(_now, Spec("a"));
        var decision = _world.Resolve(new ResolveRequest { TaskId = new TaskId("a"), Action = "retry" }, _now);
        Assert.Equal((ErrorCode.IllegalTransition, "a is not escalated (it is ready): nothing to resolve"), (decision.Refusal?.Code, decision.Refusal?.Message));
        Assert.Equal(ErrorCode.BadRequest, _world.Resolve(new ResolveRequest { TaskId = new TaskId("a"), Action = "maybe" }, _now).Refusal?.Code);
        Assert.Equal("an edit needs a new title, description or context",
            _world.Resolve(new ResolveRequest { TaskId = new TaskId("a"), Action = "edit" }, _now).Refusal?.Message);
    }

    [Fact]
    public void Cancel_ALeasedTask_EndsItsAttempt_AndAFinishedOneIsAnIllegalTransition()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1");
        Assert.Equal(TaskState.Cancelled, _world.Cancel("a", _now).After!.State);
        Assert.Equal(AttemptEndings.Cancelled, _world.Attempts(new TaskId("a"))[0].Ending);
        Assert.Equal((ErrorCode.IllegalTransition, "cannot cancel a: it is already cancelled"), (_world.Cancel("a", _now).Refusal?.Code, _world.Cancel("a", _now).Refusal?.Message));
    }

    [Fact]
    public void DependencyDone_ReadiesADependentOnlyWhenItsLastDependencyIsDone()
    {
        _world.Import(_now, Spec("a"), Spec("b"), Spec("c", deps: ["a", "b"]));
        Claim("w1");
        _world.Report(Report("a", "w1"), _now);
        Assert.Equal((TaskState.Pending, 1), (_world.Life("c").State, _world.Life("c").PendingDeps));
        Claim("w1");
        _world.Report(Report("b", "w1"), _now);
        Assert.Equal(TaskState.Ready, _world.Life("c").State);
    }

    [Fact]
    public void NoTaskMessage_WhenEverythingIsFinished_SaysThePlanIsComplete()
    {
        _world.Import(_now, Spec("a"));
        Claim("w1");
        _world.Report(Report("a", "w1"), _now);
        Assert.Equal("the plan is complete (1 done): nothing left to claim", _world.Claim(By("w1"), _now).Error?.Message);
    }
}

using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Storage.Contract;

public abstract partial class StoreContractTests
{
    private static TaskSpec Checked(string id, int maxAttempts = 3) => Specs.Task(id, maxAttempts: maxAttempts) with
    {
        Acceptance = [new AcceptanceItem { Check = JsonDocument.Parse("""{"check":"file_exists","path":"out.txt"}""").RootElement }],
    };

    private static CheckReport Verdict(bool passed) => new()
    {
        Results = [new CheckResult { Index = 0, Kind = CheckKind.FileExists, Name = "out.txt exists", Passed = passed, Message = passed ? "exists" : "out.txt is missing" }],
    };

    private async Task<TaskItem> ReportedForChecksAsync(string task, string worker)
    {
        await ClaimAsync(worker);
        var reported = await ReportAsync(task, worker);
        Assert.Equal(TaskState.Checking, reported.Value.Task.State);
        return reported.Value.Task;
    }

    [Fact]
    public async Task Report_DoneOnATaskWithMachineChecks_WaitsInChecking()
    {
        await ImportAsync(Checked("a"));
        var task = await ReportedForChecksAsync("a", "w1");
        Assert.Equal("acceptance checks are running", task.StateReason);
        Assert.Null(task.CurrentLease);
        Assert.Equal("checking", Assert.Single((await DetailOf("a")).Attempts).Ending);
        // The files a task being checked names stay reserved, and nothing else is claimable meanwhile here.
        Assert.Equal(ErrorCode.NoTask, (await ClaimAsync("w2")).Error?.Code);
    }

    [Fact]
    public async Task CompleteChecks_Passed_FinishesTheTaskAndCountsIt()
    {
        await ImportAsync(Checked("a"), Specs.Task("b", dependsOn: ["a"]));
        await ReportedForChecksAsync("a", "w1");
        var done = await Store.CompleteChecksAsync(new TaskId("a"), 1, Verdict(passed: true), Now, Ct);
        Assert.Equal((TaskState.Done, "passed its 1 acceptance check(s)"), (done.Value.State, done.Value.StateReason));
        Assert.Equal(TaskState.Ready, await StateOf("b"));
        Assert.Equal(1, (await Store.ListWorkersAsync(Now, Ct)).Single().Done);
    }

    [Fact]
    public async Task CompleteChecks_Failed_GivesANewAttemptWithTheFailuresAsFeedback()
    {
        await ImportAsync(Checked("a"));
        await ReportedForChecksAsync("a", "w1");
        var failed = await Store.CompleteChecksAsync(new TaskId("a"), 1, Verdict(passed: false), Now, Ct);
        Assert.Equal((TaskState.Ready, "acceptance checks failed on attempt 1 of 3: out.txt is missing"), (failed.Value.State, failed.Value.StateReason));
        Assert.Equal("checks_failed", Assert.Single((await DetailOf("a")).Attempts).Ending);
        var again = await ClaimAsync("w2");
        Assert.Contains("out.txt is missing", again.Value.Feedback, StringComparison.Ordinal);
        Assert.Equal(1, (await Store.ListWorkersAsync(Now, Ct)).Single(w => w.Name.Value == "w1").Failed);
    }

    [Fact]
    public async Task CompleteChecks_FailedOnTheLastAttempt_Escalates()
    {
        await ImportAsync(Checked("a", maxAttempts: 1));
        await ReportedForChecksAsync("a", "w1");
        var failed = await Store.CompleteChecksAsync(new TaskId("a"), 1, Verdict(passed: false), Now, Ct);
        Assert.Equal(TaskState.Escalated, failed.Value.State);
        Assert.Equal(EscalationKinds.ChecksFailed, Assert.Single(await Store.InboxAsync(Ct)).Escalation.Kind);
    }

    [Fact]
    public async Task CompleteChecks_ForAnotherAttemptOrATaskNotBeingChecked_IsAnIllegalTransition()
    {
        await ImportAsync(Checked("a"), Specs.Task("b"));
        await ReportedForChecksAsync("a", "w1");
        var wrong = await Store.CompleteChecksAsync(new TaskId("a"), 2, Verdict(passed: true), Now, Ct);
        Assert.Equal((ErrorCode.IllegalTransition, "a is not being checked for attempt 2 (it is checking, attempt 1)"), (wrong.Error?.Code, wrong.Error?.Message));
        Assert.Equal(ErrorCode.IllegalTransition, (await Store.CompleteChecksAsync(new TaskId("b"), 0, Verdict(passed: true), Now, Ct)).Error?.Code);
        Assert.Equal(ErrorCode.NotFound, (await Store.CompleteChecksAsync(new TaskId("nope"), 1, Verdict(passed: true), Now, Ct)).Error?.Code);
        Assert.Equal(TaskState.Checking, await StateOf("a"));
    }

    [Fact]
    public async Task Checks_ThatNeverFinish_HandTheTaskOutAgainAfterTheirDeadline()
    {
        await ImportAsync(Checked("a"));
        await ReportedForChecksAsync("a", "w1");
        Time.Advance(TimeSpan.FromHours(1));
        var again = await ClaimAsync("w2");
        Assert.Equal(("a", 2), (again.Value.Task.Id.Value, again.Value.Attempt));
        Assert.Contains((await DetailOf("a")).Events, e => e.Message == "a: acceptance checks did not finish; ready again");
    }

    [Fact]
    public async Task Report_DoneTouchingFilesAnotherTaskReserves_EscalatesAsConflict_Invariant4()
    {
        await ImportAsync(Specs.Task("a", files: ["src/a/**"]), Specs.Task("b", files: ["src/b/**"]));
        await ClaimAsync("w1");
        await ClaimAsync("w2");
        var report = await Store.ReportAsync(ReportBy("a", "w1", ReportOutcome.Done, null) with { Files = ["src/b/x.cs"] }, Now, Ct);
        Assert.Equal((TaskState.Escalated, "conflict: changed src/b/x.cs, reserved by b (held by w2)"), (report.Value.Task.State, report.Value.Task.StateReason));
        var item = Assert.Single(await Store.InboxAsync(Ct));
        Assert.Equal((EscalationKinds.OverlappingEdit, "b", "w2"), (item.Escalation.Kind, item.Escalation.ConflictingTask, item.Escalation.ConflictingWorker));
        Assert.Equal(["src/b/x.cs"], item.Escalation.Paths);
    }

    [Fact]
    public async Task Escalate_ADoneTask_OpensAnEscalation_AndAgainIsAnIllegalTransition()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        await ReportAsync("a", "w1");
        var escalated = await Store.EscalateAsync(new TaskId("a"), EscalationKinds.Contradiction, "its checks now fail", "fix it", Now, Ct);
        Assert.Equal((TaskState.Escalated, "its checks now fail"), (escalated.Value.State, escalated.Value.StateReason));
        var item = Assert.Single(await Store.InboxAsync(Ct));
        Assert.Equal((EscalationKinds.Contradiction, "fix it"), (item.Escalation.Kind, item.Feedback));
        var again = await Store.EscalateAsync(new TaskId("a"), EscalationKinds.Contradiction, "again", null, Now, Ct);
        Assert.Equal((ErrorCode.IllegalTransition, "a is already escalated"), (again.Error?.Code, again.Error?.Message));
        Assert.Equal(ErrorCode.NotFound, (await Store.EscalateAsync(new TaskId("nope"), "k", "r", null, Now, Ct)).Error?.Code);
    }

    [Fact]
    public async Task Resolve_Retry_GivesAFreshBudgetAndTheNote_AndClosesTheEscalation()
    {
        await ImportAsync(Specs.Task("a", maxAttempts: 1));
        await ClaimAsync("w1");
        await ReportAsync("a", "w1", ReportOutcome.Blocked);
        var resolved = await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "retry", Note = "use the cache" }, Now, Ct);
        Assert.Equal((TaskState.Ready, "retry ordered by the engineer: use the cache", 2), (resolved.Value.State, resolved.Value.StateReason, resolved.Value.MaxAttempts));
        Assert.Empty(await Store.InboxAsync(Ct));
        Assert.Equal(1, (await Store.StatsAsync(Now, Ct)).Interventions);
        var again = await ClaimAsync("w2");
        Assert.Equal(("The engineer says: use the cache", 2), (again.Value.Feedback, again.Value.Attempt));
        Assert.Equal("ready", (await DetailOf("a")).Events.Last(e => e.Type == EventTypes.TaskResolved).State);
    }

    [Fact]
    public async Task Resolve_Edit_ReplacesTheTextItNames()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        await ReportAsync("a", "w1", ReportOutcome.Blocked);
        var resolved = await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "edit", Title = "a, smaller" }, Now, Ct);
        Assert.Equal(("a, smaller", "do a"), (resolved.Value.Title, resolved.Value.Description));
        Assert.Equal(Json(resolved.Value), Json((await DetailOf("a")).Task));
    }

    [Fact]
    public async Task Resolve_DoneAndCancel_FinishTheTask()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"), Specs.Task("c", dependsOn: ["a"]));
        await Store.EscalateAsync(new TaskId("a"), EscalationKinds.Contradiction, "x", null, Now, Ct);
        await Store.EscalateAsync(new TaskId("b"), EscalationKinds.Contradiction, "y", null, Now, Ct);
        var done = await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "done" }, Now, Ct);
        Assert.Equal((TaskState.Done, "accepted as done by the engineer"), (done.Value.State, done.Value.StateReason));
        Assert.Equal(TaskState.Ready, await StateOf("c"));
        var cancelled = await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("b"), Action = "cancel", Note = "not needed" }, Now, Ct);
        Assert.Equal((TaskState.Cancelled, "cancelled by the engineer: not needed"), (cancelled.Value.State, cancelled.Value.StateReason));
    }

    [Fact]
    public async Task Resolve_ATaskNotEscalated_IsAnIllegalTransition_AndAMalformedRequestABadRequest()
    {
        await ImportAsync(Specs.Task("a"));
        var resolved = await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "retry" }, Now, Ct);
        Assert.Equal((ErrorCode.IllegalTransition, "a is not escalated (it is ready): nothing to resolve"), (resolved.Error?.Code, resolved.Error?.Message));
        Assert.Equal(ErrorCode.BadRequest, (await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "perhaps" }, Now, Ct)).Error?.Code);
        Assert.Equal(ErrorCode.BadRequest, (await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "edit" }, Now, Ct)).Error?.Code);
        Assert.Equal(ErrorCode.NotFound, (await Store.ResolveAsync(new ResolveRequest { TaskId = new TaskId("nope"), Action = "retry" }, Now, Ct)).Error?.Code);
    }

    [Fact]
    public async Task Cancel_ALeasedTask_EndsItsAttempt_AndAnUnknownOneIsNotFound()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var cancelled = await Store.CancelAsync(new TaskId("a"), "plan changed", Now, Ct);
        Assert.Equal((TaskState.Cancelled, "cancelled: plan changed"), (cancelled.Value.State, cancelled.Value.StateReason));
        Assert.Equal("cancelled", Assert.Single((await DetailOf("a")).Attempts).Ending);
        // The holder's lease ended with the cancel: its report comes too late, and is kept as late.
        var late = await ReportAsync("a", "w1");
        Assert.Equal((ErrorCode.LeaseExpired, "report refused: lease expired, task is now cancelled (the lease of w1 on a ended earlier)"),
            (late.Error?.Code, late.Error?.Message));
        Assert.Equal(ErrorCode.NotFound, (await Store.CancelAsync(new TaskId("nope"), null, Now, Ct)).Error?.Code);
    }

    [Fact]
    public async Task Import_UnknownDependencyOrEmptyPlan_IsRejectedNamingTheProblem_Invariant5()
    {
        var unknown = await Store.ImportAsync([Specs.Task("a", dependsOn: ["ghost"])], null, [], Now, Ct);
        Assert.Equal(ErrorCode.InvalidPlan, unknown.Error?.Code);
        Assert.Equal(["$.tasks[0].depends_on[0]: unknown task 'ghost' (not in this plan nor in the store)"], unknown.Error!.Details);
        var empty = await Store.ImportAsync([], null, [], Now, Ct);
        Assert.Equal("plan rejected: it has no tasks", empty.Error?.Message);
        Assert.Empty(await Store.ListTasksAsync(TaskQuery.All, Now, Ct));
        Assert.Empty(await Store.ReadEventsAsync(0, 100, Ct));
    }
}

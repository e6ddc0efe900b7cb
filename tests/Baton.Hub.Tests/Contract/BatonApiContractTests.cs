using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Events;
using Baton.Core.Tasks;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Hub.Tests.Contract;

/// <summary>
/// What every <see cref="IBatonApi"/> does, whoever serves it: local mode (<see cref="LocalBatonContractTests"/>,
/// LocalBaton over a SQLite file) and hub mode (<see cref="HubClientContractTests"/>, BatonClient over a real hub on
/// 127.0.0.1). The same requests must give the same answers and the same refusals with the same error codes; a case
/// that passes in one mode and fails in the other is a defect of that mode. Time is a <see cref="FakeTimeProvider"/>
/// in both, so a lease runs out when a test says so.
/// </summary>
public abstract class BatonApiContractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly WorkerId W1 = new("w1");
    private static readonly WorkerId W2 = new("w2");

    private IBatonApi? _api;
    private string? _root;

    /// <summary>The clock of the store (and of the hub).</summary>
    protected FakeTimeProvider Time { get; } = new(Start);

    /// <summary>The API under test, as a coordinator that may act as any worker.</summary>
    protected IBatonApi Api => _api ?? throw new InvalidOperationException("not open");

    /// <summary>The repository the store belongs to: reported files and checks are judged there.</summary>
    protected string Root => _root ?? throw new InvalidOperationException("not open");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Opens an empty store (and its hub) on <paramref name="time"/>.</summary>
    protected abstract Task<(IBatonApi Api, string Root)> OpenAsync(FakeTimeProvider time);

    /// <summary>Closes what <see cref="OpenAsync"/> opened and removes its files.</summary>
    protected abstract ValueTask CloseAsync();

    /// <inheritdoc/>
    public async ValueTask InitializeAsync() => (_api, _root) = await OpenAsync(Time);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        GC.SuppressFinalize(this);
    }

    private static string Plan(params string[] tasks) => "{\"tasks\":[" + string.Join(",", tasks) + "]}";

    private static string Task(string id, string extra = "") => $$"""{"id":"{{id}}","title":"task {{id}}","description":"do {{id}}"{{extra}}}""";

    private async Task ImportAsync(params string[] tasks)
    {
        var imported = await Api.ImportAsync(Plan(tasks), Ct);
        Assert.True(imported.IsOk, imported.Error?.Message);
    }

    private async Task<Assignment> ClaimAsync(WorkerId worker, string expected)
    {
        var claimed = await Api.ClaimAsync(new ClaimRequest { Worker = worker }, Ct);
        Assert.True(claimed.IsOk, claimed.Error?.Message);
        Assert.Equal(expected, claimed.Value.Task.Id.Value);
        return claimed.Value;
    }

    private Task<Result<ReportResult>> ReportAsync(string task, WorkerId worker, ReportOutcome outcome, string summary = "did it", IReadOnlyList<string>? files = null)
        => Api.ReportAsync(new ReportRequest { TaskId = new TaskId(task), Worker = worker, Outcome = outcome, Summary = summary, Files = files ?? [], ContextScore = 4 }, Ct);

    private async Task<TaskDetail> ShowAsync(string task)
    {
        var shown = await Api.ShowTaskAsync(new TaskId(task), Ct);
        Assert.True(shown.IsOk, shown.Error?.Message);
        return shown.Value;
    }

    private static void AssertRefused<T>(Result<T> result, ErrorCode code)
    {
        Assert.False(result.IsOk, $"expected {code}, got a success");
        Assert.Equal(code, result.Error.Code);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Fact]
    public async Task Import_Plan_AddsItsTasksInOrderAndReadyOrPending()
    {
        var imported = await Api.ImportAsync(Plan(Task("a"), Task("b", ",\"depends_on\":[\"a\"]")), Ct);

        Assert.True(imported.IsOk, imported.Error?.Message);
        Assert.Equal(["a", "b"], imported.Value.Imported.Select(t => t.Value));
        var tasks = (await Api.ListTasksAsync(new TaskQuery(), Ct)).Value;
        Assert.Equal(["a:ready", "b:pending"], tasks.Select(t => $"{t.Id.Value}:{t.State.ToWire()}"));
        Assert.Equal(imported.Value.Plan, tasks[0].Plan);
    }

    [Fact]
    public async Task Import_InvalidPlan_IsRefusedAndChangesNothing()
    {
        var refused = await Api.ImportAsync(Plan(Task("a"), Task("b", ",\"depends_on\":[\"nowhere\"]")), Ct);

        AssertRefused(refused, ErrorCode.InvalidPlan);
        Assert.Contains("nowhere", refused.Error!.Message + string.Join(" ", refused.Error.Details ?? []), StringComparison.Ordinal);
        Assert.Empty((await Api.ListTasksAsync(new TaskQuery(), Ct)).Value);
    }

    [Fact]
    public async Task Import_IdAlreadyUsedByAStoredTask_IsRefusedAsAnInvalidPlanNamingIt()
    {
        await ImportAsync(Task("a"));

        var refused = await Api.ImportAsync(Plan(Task("a")), Ct);
        AssertRefused(refused, ErrorCode.InvalidPlan);
        Assert.Contains("'a'", refused.Error!.Message + string.Join(" ", refused.Error.Details ?? []), StringComparison.Ordinal);
        Assert.Single((await Api.ListTasksAsync(new TaskQuery(), Ct)).Value);
    }

    [Fact]
    public async Task Claim_ReadyTask_LeasesItToTheWorkerOnItsFirstAttempt()
    {
        await ImportAsync(Task("a", ",\"priority\":1"), Task("b", ",\"priority\":5"));

        var assignment = await ClaimAsync(W1, "b");

        Assert.Equal(1, assignment.Attempt);
        Assert.Equal(W1, assignment.Lease.Worker);
        Assert.Equal(TaskState.Leased, assignment.Task.State);
        Assert.Equal(Start, assignment.Lease.ClaimedAt);
        Assert.True(assignment.Lease.ExpiresAt > Start);
        Assert.Equal(assignment.Lease.Id, (await ShowAsync("b")).Task.CurrentLease?.Id);
    }

    [Fact]
    public async Task Claim_NothingReady_IsAnsweredNoTask()
    {
        await ImportAsync(Task("a"), Task("b", ",\"depends_on\":[\"a\"]"));
        await ClaimAsync(W1, "a");

        AssertRefused(await Api.ClaimAsync(new ClaimRequest { Worker = W2 }, Ct), ErrorCode.NoTask);
    }

    [Fact]
    public async Task Heartbeat_ByTheHolder_RenewsTheLease()
    {
        await ImportAsync(Task("a"));
        var assignment = await ClaimAsync(W1, "a");
        Time.Advance(TimeSpan.FromMinutes(1));

        var beat = await Api.HeartbeatAsync(new HeartbeatRequest { Worker = W1, Task = new TaskId("a"), Note = "halfway" }, Ct);

        Assert.True(beat.IsOk, beat.Error?.Message);
        var renewed = Assert.Single(beat.Value.Renewed);
        Assert.Equal("a", renewed.TaskId.Value);
        Assert.True(renewed.ExpiresAt > assignment.Lease.ExpiresAt);
        Assert.Equal("halfway", Assert.Single((await ShowAsync("a")).Attempts).Note);
    }

    [Fact]
    public async Task Heartbeat_ByAnotherWorker_IsRefusedLeaseNotHeld()
    {
        await ImportAsync(Task("a"));
        await ClaimAsync(W1, "a");

        AssertRefused(await Api.HeartbeatAsync(new HeartbeatRequest { Worker = W2, Task = new TaskId("a") }, Ct), ErrorCode.LeaseNotHeld);
    }

    [Fact]
    public async Task Heartbeat_AfterTheLeaseRanOut_IsRefusedLeaseExpired()
    {
        await ImportAsync(Task("a"));
        var claimed = await Api.ClaimAsync(new ClaimRequest { Worker = W1, Lease = TimeSpan.FromMinutes(1) }, Ct);
        Assert.True(claimed.IsOk, claimed.Error?.Message);
        Time.Advance(TimeSpan.FromMinutes(2));

        AssertRefused(await Api.HeartbeatAsync(new HeartbeatRequest { Worker = W1, Task = new TaskId("a") }, Ct), ErrorCode.LeaseExpired);
    }

    [Fact]
    public async Task Report_DoneWithoutChecks_MakesTheTaskDoneAndReleasesItsDependents()
    {
        await ImportAsync(Task("a"), Task("b", ",\"depends_on\":[\"a\"]"));
        await ClaimAsync(W1, "a");

        var report = await ReportAsync("a", W1, ReportOutcome.Done);

        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
        Assert.Equal(ReportOutcome.Done, report.Value.Report.Outcome);
        Assert.Equal("done", Assert.Single((await ShowAsync("a")).Attempts).Ending);
        Assert.Equal(TaskState.Ready, (await ShowAsync("b")).Task.State);
    }

    [Fact]
    public async Task Report_DoneWithPassingChecks_ShowsTheTaskPlainlyDoneWithItsChecks()
    {
        await ImportAsync(Task("a", ",\"files\":[\"out.json\"],\"acceptance\":[{\"check\":\"file_exists\",\"path\":\"out.json\"},{\"check\":\"json_valid\",\"path\":\"out.json\"}]"));
        await ClaimAsync(W1, "a");
        await File.WriteAllTextAsync(Path.Combine(Root, "out.json"), """{"ok": true}""", Ct);

        var report = await ReportAsync("a", W1, ReportOutcome.Done, files: ["out.json"]);

        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
        Assert.True(report.Value.Checks?.Passed);
        var shown = await ShowAsync("a");
        Assert.Equal(TaskState.Done, shown.Task.State);
        Assert.DoesNotContain("running", shown.Task.StateReason ?? "", StringComparison.Ordinal);
        var attempt = Assert.Single(shown.Attempts);
        Assert.Equal("done", attempt.Ending);
        Assert.NotNull(attempt.Checks);
        Assert.Equal([true, true], attempt.Checks.Results.Select(r => r.Passed));
        var status = (await Api.StatusAsync(Ct)).Value;
        Assert.Equal(1, status.Done);
        Assert.True(status.Complete);
    }

    [Fact]
    public async Task Report_DoneWithFailingChecks_GivesTheTaskAnotherAttemptWithTheFailuresAsFeedback()
    {
        await ImportAsync(Task("a", ",\"files\":[\"out.json\"],\"acceptance\":[{\"check\":\"json_valid\",\"path\":\"out.json\"}]"));
        await ClaimAsync(W1, "a");
        await File.WriteAllTextAsync(Path.Combine(Root, "out.json"), "{not json", Ct);

        var report = await ReportAsync("a", W1, ReportOutcome.Done, files: ["out.json"]);

        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Ready, report.Value.Task.State);
        Assert.False(report.Value.Checks?.Passed);
        var attempt = Assert.Single((await ShowAsync("a")).Attempts);
        Assert.Equal("checks_failed", attempt.Ending);
        Assert.False(attempt.Checks?.Passed);
        var next = await ClaimAsync(W2, "a");
        Assert.Equal(2, next.Attempt);
        Assert.Contains("out.json", next.Feedback, StringComparison.Ordinal);
        Assert.Equal("checks_failed", Assert.Single(next.History).Ending);
    }

    [Fact]
    public async Task Report_Failed_WithAttemptsLeft_MakesTheTaskReadyWithFeedback()
    {
        await ImportAsync(Task("a"));
        await ClaimAsync(W1, "a");

        var report = await ReportAsync("a", W1, ReportOutcome.Failed, "the parser is missing");

        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Ready, report.Value.Task.State);
        var next = await ClaimAsync(W2, "a");
        Assert.Contains("the parser is missing", next.Feedback, StringComparison.Ordinal);
        Assert.Equal("failed", Assert.Single(next.History).Ending);
    }

    [Fact]
    public async Task Report_Blocked_EscalatesTheTaskToTheInbox_AndResolveRetryMakesItReady()
    {
        await ImportAsync(Task("a"));
        await ClaimAsync(W1, "a");

        var report = await ReportAsync("a", W1, ReportOutcome.Blocked, "which database?");

        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Escalated, report.Value.Task.State);
        var item = Assert.Single((await Api.InboxAsync(Ct)).Value);
        Assert.Equal("a", item.Detail.Task.Id.Value);
        Assert.Contains("which database?", item.Escalation.Reason, StringComparison.Ordinal);

        var resolved = await Api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "retry", Note = "use sqlite" }, Ct);
        Assert.True(resolved.IsOk, resolved.Error?.Message);
        Assert.Equal(TaskState.Ready, resolved.Value.State);
        Assert.Empty((await Api.InboxAsync(Ct)).Value);
        Assert.Equal(1, (await Api.StatsAsync(Ct)).Value.Interventions);
    }

    [Fact]
    public async Task Resolve_TaskThatIsNotEscalated_IsRefused()
    {
        await ImportAsync(Task("a"));

        AssertRefused(await Api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("a"), Action = "retry" }, Ct), ErrorCode.IllegalTransition);
        AssertRefused(await Api.ResolveAsync(new ResolveRequest { TaskId = new TaskId("nope"), Action = "retry" }, Ct), ErrorCode.NotFound);
    }

    [Fact]
    public async Task Report_ByAWorkerWhoseLeaseWasSuperseded_IsRefusedAndNotApplied()
    {
        await ImportAsync(Task("a"));
        await ClaimAsync(W1, "a");
        Assert.True((await Api.ReleaseAsync(new ReleaseRequest { TaskId = new TaskId("a"), Worker = W1, Reason = "going home" }, Ct)).IsOk);
        await ClaimAsync(W2, "a");

        var refused = await ReportAsync("a", W1, ReportOutcome.Done);

        Assert.False(refused.IsOk);
        Assert.Contains(refused.Error.Code, (ErrorCode[])[ErrorCode.LeaseNotHeld, ErrorCode.LeaseExpired]);
        var shown = await ShowAsync("a");
        Assert.Equal(TaskState.Leased, shown.Task.State);
        Assert.Equal(W2, shown.Task.CurrentLease?.Worker);
    }

    [Fact]
    public async Task Report_AfterTheLeaseRanOut_IsRefusedLeaseExpiredAndKeptAsLate()
    {
        await ImportAsync(Task("a"));
        Assert.True((await Api.ClaimAsync(new ClaimRequest { Worker = W1, Lease = TimeSpan.FromMinutes(1) }, Ct)).IsOk);
        Time.Advance(TimeSpan.FromMinutes(2));

        AssertRefused(await ReportAsync("a", W1, ReportOutcome.Done), ErrorCode.LeaseExpired);

        var shown = await ShowAsync("a");
        Assert.NotEqual(TaskState.Done, shown.Task.State);
        Assert.True(Assert.Single(shown.Reports).Late);
    }

    [Fact]
    public async Task Report_UnknownTask_IsRefusedNotFound()
        => AssertRefused(await ReportAsync("nope", W1, ReportOutcome.Done), ErrorCode.NotFound);

    [Fact]
    public async Task Report_RetriedWithTheSameKey_IsAppliedOnce()
    {
        await ImportAsync(Task("a"));
        await ClaimAsync(W1, "a");
        var request = new ReportRequest { TaskId = new TaskId("a"), Worker = W1, Outcome = ReportOutcome.Done, Summary = "did a", IdempotencyKey = "k-1" };

        var first = await Api.ReportAsync(request, Ct);
        var second = await Api.ReportAsync(request, Ct);

        Assert.True(first.IsOk, first.Error?.Message);
        Assert.True(second.IsOk, second.Error?.Message);
        Assert.False(first.Value.Replayed);
        Assert.True(second.Value.Replayed);
        Assert.Equal(first.Value.Report.Id, second.Value.Report.Id);
        Assert.Single((await ShowAsync("a")).Reports);
    }

    [Fact]
    public async Task Release_ByTheHolder_MakesTheTaskReadyAgain_ByAnotherIsRefused()
    {
        await ImportAsync(Task("a"));
        await ClaimAsync(W1, "a");

        AssertRefused(await Api.ReleaseAsync(new ReleaseRequest { TaskId = new TaskId("a"), Worker = W2 }, Ct), ErrorCode.LeaseNotHeld);
        var released = await Api.ReleaseAsync(new ReleaseRequest { TaskId = new TaskId("a"), Worker = W1, Reason = "wrong task" }, Ct);

        Assert.True(released.IsOk, released.Error?.Message);
        Assert.Equal(TaskState.Ready, released.Value.State);
        Assert.Equal("released", Assert.Single((await ShowAsync("a")).Attempts).Ending);
    }

    [Fact]
    public async Task Cancel_UnfinishedTask_CancelsIt_UnknownIsNotFound()
    {
        await ImportAsync(Task("a"));
        await ClaimAsync(W1, "a");

        var cancelled = await Api.CancelAsync(new TaskId("a"), "not needed", Ct);

        Assert.True(cancelled.IsOk, cancelled.Error?.Message);
        Assert.Equal(TaskState.Cancelled, cancelled.Value.State);
        // The lease went with the task: a report on it is a late one, never applied.
        AssertRefused(await ReportAsync("a", W1, ReportOutcome.Done), ErrorCode.LeaseExpired);
        Assert.Equal(TaskState.Cancelled, (await ShowAsync("a")).Task.State);
        AssertRefused(await Api.CancelAsync(new TaskId("nope"), null, Ct), ErrorCode.NotFound);
        AssertRefused(await Api.CancelAsync(new TaskId("a"), null, Ct), ErrorCode.IllegalTransition);
    }

    [Fact]
    public async Task Show_UnknownTask_IsNotFound()
        => AssertRefused(await Api.ShowTaskAsync(new TaskId("nope"), Ct), ErrorCode.NotFound);

    [Fact]
    public async Task StatusStatsAndEvents_TellTheSameStory()
    {
        await ImportAsync(Task("a"), Task("b"));
        await ClaimAsync(W1, "a");
        Time.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await ReportAsync("a", W1, ReportOutcome.Done)).IsOk);

        var status = (await Api.StatusAsync(Ct)).Value;
        Assert.Equal(2, status.Total);
        Assert.Equal(1, status.Done);
        Assert.False(status.Complete);
        Assert.Equal("w1:1:0", Assert.Single(status.Workers, w => w.Name == W1) is var w ? $"{w.Name.Value}:{w.Done}:{w.Failed}" : "");

        var stats = (await Api.StatsAsync(Ct)).Value;
        Assert.Equal(1, stats.Done);
        Assert.Equal(4, stats.AverageContextScore);
        Assert.Equal(0, stats.Interventions);

        var events = (await Api.ReadEventsAsync(0, 100, TimeSpan.Zero, Ct)).Value;
        Assert.Equal(status.LastEventId, events[^1].Id);
        Assert.Equal(
            [EventTypes.TaskAdded, EventTypes.TaskClaimed, EventTypes.TaskDone],
            events.Where(e => e.TaskId == "a").Select(e => e.Type).Where(t => t is EventTypes.TaskAdded or EventTypes.TaskClaimed or EventTypes.TaskDone));
        var later = (await Api.ReadEventsAsync(events[^2].Id, 100, TimeSpan.Zero, Ct)).Value;
        Assert.Equal(events[^1].Id, Assert.Single(later).Id);
    }
}

using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Tasks;

namespace Baton.Storage.Contract;

public abstract partial class StoreContractTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<TaskDetail> DetailOf(string task) => (await Store.ShowTaskAsync(new TaskId(task), Ct)).Value;

    [Fact]
    public async Task Claim_WithoutAWorkerNameOrWithCapacityZero_IsABadRequest()
    {
        await ImportAsync(Specs.Task("a"));
        Assert.Equal(ErrorCode.BadRequest, (await Store.ClaimAsync(ClaimBy(" "), Lease, Now, Ct)).Error?.Code);
        var zero = await Store.ClaimAsync(ClaimBy("w1") with { Capacity = 0 }, Lease, Now, Ct);
        Assert.Equal((ErrorCode.BadRequest, "capacity must be at least 1, got 0"), (zero.Error?.Code, zero.Error?.Message));
        Assert.Equal(TaskState.Ready, await StateOf("a"));
    }

    [Fact]
    public async Task Claim_WithCapacityTwo_LeasesASecondTask()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        Assert.Equal("a", (await Store.ClaimAsync(ClaimBy("w1") with { Capacity = 2 }, Lease, Now, Ct)).Value.Task.Id.Value);
        Assert.Equal("b", (await Store.ClaimAsync(ClaimBy("w1") with { Capacity = 2 }, Lease, Now, Ct)).Value.Task.Id.Value);
        var workers = await Store.ListWorkersAsync(Now, Ct);
        Assert.Equal(["a", "b"], Assert.Single(workers).CurrentTasks.Select(t => t.Value));
    }

    [Fact]
    public async Task Report_UnderASupersededLeaseId_IsRefusedAndChangesNothing_Invariant1()
    {
        await ImportAsync(Specs.Task("a"));
        var lease = (await ClaimAsync("w1")).Value.Lease.Id;
        var report = await Store.ReportAsync(ReportBy("a", "w1", ReportOutcome.Done, null) with { LeaseId = new LeaseId("l-old") }, Now, Ct);
        Assert.Equal(ErrorCode.LeaseNotHeld, report.Error?.Code);
        Assert.Equal($"report refused: lease l-old on a is superseded by lease {lease.Value}", report.Error!.Message);
        Assert.Equal(TaskState.Leased, await StateOf("a"));
        Assert.Empty((await DetailOf("a")).Reports);
    }

    [Fact]
    public async Task Report_AfterTheOwnLeaseLapsed_ReturnsTheTaskAndKeepsTheReportAsLate_Invariant1()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1", TimeSpan.FromSeconds(30));
        Time.Advance(TimeSpan.FromSeconds(31));
        var report = await ReportAsync("a", "w1");
        Assert.Equal(ErrorCode.LeaseExpired, report.Error?.Code);
        Assert.EndsWith("expired at 2026-11-27T09:00:30.0000000+00:00; task returned to the queue", report.Error!.Message, StringComparison.Ordinal);
        var detail = await DetailOf("a");
        Assert.Equal(TaskState.Ready, detail.Task.State);
        Assert.Equal("expired", Assert.Single(detail.Attempts).Ending);
        var late = Assert.Single(detail.Reports);
        Assert.True(late.Late);
        Assert.Equal(report.Error.Message, late.RefusedReason);
        Assert.Equal([EventTypes.LeaseExpired, EventTypes.ReportLate], detail.Events.TakeLast(2).Select(e => e.Type));
    }

    [Fact]
    public async Task Report_WithAContextScoreOutOfRange_IsABadRequest()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var report = await Store.ReportAsync(ReportBy("a", "w1", ReportOutcome.Done, null) with { ContextScore = 9 }, Now, Ct);
        Assert.Equal((ErrorCode.BadRequest, "context score must be 1-5, got 9"), (report.Error?.Code, report.Error?.Message));
        Assert.Equal(TaskState.Leased, await StateOf("a"));
    }

    [Fact]
    public async Task Heartbeat_OnOneTask_RenewsOnlyThatLeaseAndKeepsTheNote()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b"));
        await Store.ClaimAsync(ClaimBy("w1") with { Capacity = 2, Lease = TimeSpan.FromSeconds(30) }, Lease, Now, Ct);
        await Store.ClaimAsync(ClaimBy("w1") with { Capacity = 2, Lease = TimeSpan.FromSeconds(30) }, Lease, Now, Ct);
        Time.Advance(TimeSpan.FromSeconds(10));
        var beat = await Store.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1"), Task = new TaskId("b"), Note = "on b" }, Now, Ct);
        var renewed = Assert.Single(beat.Value.Renewed);
        Assert.Equal(("b", Now + TimeSpan.FromSeconds(30)), (renewed.TaskId.Value, renewed.ExpiresAt));
        Assert.Equal("on b", (await DetailOf("b")).Attempts[0].Note);
        Assert.Equal(Now + TimeSpan.FromSeconds(20), (await DetailOf("a")).Task.CurrentLease?.ExpiresAt);
    }

    [Fact]
    public async Task Heartbeat_WithoutAnyLease_IsRefusedAsNotHeld_AndOnAnUnknownTaskAsNotFound()
    {
        var none = await Store.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1") }, Now, Ct);
        Assert.Equal((ErrorCode.LeaseNotHeld, "heartbeat refused: w1 holds no live lease"), (none.Error?.Code, none.Error?.Message));
        var unknown = await Store.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1"), Task = new TaskId("nope") }, Now, Ct);
        Assert.Equal((ErrorCode.NotFound, "no task 'nope'"), (unknown.Error?.Code, unknown.Error?.Message));
    }

    [Fact]
    public async Task Heartbeat_OnATaskAnotherWorkerHolds_IsRefused_Invariant1()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var beat = await Store.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w2"), Task = new TaskId("a") }, Now, Ct);
        Assert.Equal((ErrorCode.LeaseNotHeld, "heartbeat refused: w2 does not hold a (leased by w1)"), (beat.Error?.Code, beat.Error?.Message));
    }

    [Fact]
    public async Task Release_ByAWorkerWithoutTheLease_IsRefusedAndChangesNothing_Invariant1()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1");
        var released = await Store.ReleaseAsync(new ReleaseRequest { TaskId = new TaskId("a"), Worker = new WorkerId("w2") }, Now, Ct);
        Assert.Equal((ErrorCode.LeaseNotHeld, "release refused: w2 does not hold a (leased by w1)"), (released.Error?.Code, released.Error?.Message));
        Assert.Equal(TaskState.Leased, await StateOf("a"));
        var unknown = await Store.ReleaseAsync(new ReleaseRequest { TaskId = new TaskId("nope"), Worker = new WorkerId("w1") }, Now, Ct);
        Assert.Equal(ErrorCode.NotFound, unknown.Error?.Code);
    }

    [Fact]
    public async Task Release_OnTheLastAttempt_IsNotAFailure()
    {
        await ImportAsync(Specs.Task("a", maxAttempts: 1));
        await ClaimAsync("w1");
        var released = await Store.ReleaseAsync(new ReleaseRequest { TaskId = new TaskId("a"), Worker = new WorkerId("w1"), Reason = "wrong repo" }, Now, Ct);
        Assert.Equal((TaskState.Ready, "released by w1: wrong repo on attempt 1 of 1"), (released.Value.State, released.Value.StateReason));
        var attempt = Assert.Single((await DetailOf("a")).Attempts);
        Assert.Equal(("released", "wrong repo"), (attempt.Ending, attempt.Note));
    }

    [Fact]
    public async Task ExpireLeases_ReturnsLapsedLeases_AndEscalatesOnTheLastAttempt()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b", maxAttempts: 1), Specs.Task("c"));
        await ClaimAsync("w1", TimeSpan.FromSeconds(10));
        await ClaimAsync("w2", TimeSpan.FromSeconds(10));
        await ClaimAsync("w3", TimeSpan.FromSeconds(60));
        Assert.Equal(Now + TimeSpan.FromSeconds(10), await Store.NextLeaseExpiryAsync(Ct));
        Time.Advance(TimeSpan.FromSeconds(10));

        var expired = await Store.ExpireLeasesAsync(Now, Ct);

        Assert.Equal(["a", "b"], expired.Select(t => t.Value).Order(StringComparer.Ordinal));
        Assert.Equal(TaskState.Ready, await StateOf("a"));
        var b = (await DetailOf("b")).Task;
        Assert.Equal((TaskState.Escalated, "lease of w2 expired on attempt 1 of 1: attempts exhausted"), (b.State, b.StateReason));
        Assert.Equal("attempts_exhausted", Assert.Single(await Store.InboxAsync(Ct)).Escalation.Kind);
        Assert.Equal(TaskState.Leased, await StateOf("c"));
        Assert.Empty(await Store.ExpireLeasesAsync(Now, Ct));
    }

    [Fact]
    public async Task ReleaseWorker_EndsEveryLeaseItHoldsAsLost()
    {
        await ImportAsync(Specs.Task("a"), Specs.Task("b", maxAttempts: 1));
        await Store.ClaimAsync(ClaimBy("w1") with { Capacity = 2 }, Lease, Now, Ct);
        await Store.ClaimAsync(ClaimBy("w1") with { Capacity = 2 }, Lease, Now, Ct);

        var released = await Store.ReleaseWorkerAsync(new WorkerId("w1"), "connection lost", Now, Ct);

        Assert.Equal(["a", "b"], released.Select(t => t.Value));
        var a = await DetailOf("a");
        Assert.Equal((TaskState.Ready, "connection lost on attempt 1 of 3"), (a.Task.State, a.Task.StateReason));
        Assert.Equal("lost", Assert.Single(a.Attempts).Ending);
        Assert.Equal(TaskState.Escalated, await StateOf("b"));
        Assert.Empty(await Store.ReleaseWorkerAsync(new WorkerId("w1"), "again", Now, Ct));
    }

    [Fact]
    public async Task Claim_AfterALeaseLapsed_ReturnsItFirstAndCountsTheBusyTime()
    {
        await ImportAsync(Specs.Task("a"));
        await ClaimAsync("w1", TimeSpan.FromSeconds(30));
        Time.Advance(TimeSpan.FromSeconds(45));
        var second = await ClaimAsync("w2");
        Assert.Equal(("a", 2), (second.Value.Task.Id.Value, second.Value.Attempt));
        var w1 = (await Store.ListWorkersAsync(Now, Ct)).Single(w => w.Name.Value == "w1");
        Assert.Equal(45_000, w1.BusyMs);
    }
}

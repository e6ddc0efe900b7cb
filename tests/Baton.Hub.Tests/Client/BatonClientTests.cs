using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Tasks;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Client;

public sealed class BatonClientTests
{
    private static async Task<BatonClient> ConnectAsync(TestHub hub, string? worker, string role = "worker")
    {
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = hub.Url,
            Token = hub.Token,
            Role = role,
            Worker = worker is null ? null : new WorkerId(worker),
        }, TestContext.Current.CancellationToken);
        Assert.True(connected.IsOk, connected.Error?.Message);
        return connected.Value;
    }

    [Fact]
    public async Task ConnectAsync_WhenNoHubListens_FailsWithHubUnreachable()
    {
        // Port 9 (discard) on loopback has no listener in the test environment.
        var result = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = new Uri("http://127.0.0.1:9"),
            Worker = new WorkerId("w1"),
            RequestTimeout = TimeSpan.FromSeconds(5),
        }, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.HubUnreachable, result.Error?.Code);
    }

    [Fact]
    public async Task ConnectAsync_WorkerRoleWithoutName_IsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        var result = await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub.Url, Token = hub.Token }, TestContext.Current.CancellationToken);
        Assert.Equal(ErrorCode.BadRequest, result.Error?.Code);
    }

    [Fact]
    public async Task ClaimHeartbeatReport_ThroughClient_CompletesTask()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var client = await ConnectAsync(hub, "w1");
        var assignedEvent = new TaskCompletionSource<Assignment>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.TaskAssigned += a => assignedEvent.TrySetResult(a);
        var ct = TestContext.Current.CancellationToken;

        var claim = await client.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(claim.IsOk, claim.Error?.Message);
        Assert.Equal("t1", (await assignedEvent.Task.WaitAsync(TestTimeouts.Default, ct)).Task.Id.Value);

        var beat = await client.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1"), Note = "halfway" }, ct);
        Assert.True(beat.IsOk, beat.Error?.Message);
        Assert.Single(beat.Value.Renewed);

        var report = await client.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId("t1"),
            Worker = new WorkerId("w1"),
            Outcome = ReportOutcome.Done,
            Summary = "done",
            ContextScore = 4,
        }, ct);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);

        var status = await client.StatusAsync(ct);
        Assert.True(status.Value.Complete);
        var none = await client.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, ct);
        Assert.Equal(ErrorCode.NoTask, none.Error?.Code);
    }

    [Fact]
    public async Task Reconnect_MidLease_KeepsLeaseAndReportSucceeds()
    {
        await using var hub = await TestHub.StartAsync(grace: TimeSpan.FromSeconds(30));
        await hub.SeedAsync("t1");
        await using var client = await ConnectAsync(hub, "w1");
        var ct = TestContext.Current.CancellationToken;
        var claim = await client.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(claim.IsOk, claim.Error?.Message);
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var dropped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ConnectionStateChanged += state =>
        {
            if (state == BatonConnectionState.Reconnecting)
            {
                dropped.TrySetResult();
            }
            else if (state == BatonConnectionState.Connected && dropped.Task.IsCompleted)
            {
                reconnected.TrySetResult();
            }
        };

        client.DropConnection();
        await dropped.Task.WaitAsync(TestTimeouts.Default, ct);
        await reconnected.Task.WaitAsync(TestTimeouts.Default, ct);

        var report = await client.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId("t1"),
            Worker = new WorkerId("w1"),
            Outcome = ReportOutcome.Done,
            Summary = "did it",
            LeaseId = claim.Value.Lease.Id,
        }, ct);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
    }

    [Fact]
    public async Task Report_ConnectionDropsMidSend_IsResentAfterTheReconnect_NotThrown()
    {
        // The fake hub resets the first connection while the report's 8 MB frame is still being sent. The send fails
        // under the client (a reset mid-send has surfaced as an OperationCanceledException, though no token fired);
        // that is a drop like any other: the client reconnects and sends the report again on the new connection
        // (it carries an idempotency key), and the call returns the hub's answer instead of throwing.
        var ct = TestContext.Current.CancellationToken;
        await using var hub = await DroppingHub.StartAsync(ct);
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = hub.Url,
            Token = "baton_test.secret",
            Role = "worker",
            Worker = new WorkerId("w1"),
            AutoHeartbeat = false,
        }, ct);
        Assert.True(connected.IsOk, connected.Error?.Message);
        await using var client = connected.Value;

        var report = await client.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId("t1"),
            Worker = new WorkerId("w1"),
            Outcome = ReportOutcome.Done,
            Summary = "did it",
            Notes = new string('n', 8 * 1024 * 1024),
        }, ct);

        Assert.True(hub.Dropped.Task.IsCompleted);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal("t1", report.Value.Task.Id.Value);
        Assert.Equal(2, hub.Connections);
        Assert.Equal(1, hub.Reports);
    }

    [Fact]
    public async Task Request_WhileReconnecting_IsSentAfterReconnect()
    {
        await using var hub = await TestHub.StartAsync();
        await using var client = await ConnectAsync(hub, null, role: "observer");
        var ct = TestContext.Current.CancellationToken;

        client.DropConnection();
        // Sent into the drop: a status request is safe to repeat, so the client delivers it once it is back.
        var status = await client.StatusAsync(ct);

        Assert.True(status.IsOk, status.Error?.Message);
    }

    [Fact]
    public async Task SubscribeAsync_FromZero_ReplaysThenFollowsLive()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("a");
        await using var client = await ConnectAsync(hub, null, role: "observer");
        var ct = TestContext.Current.CancellationToken;
        var stored = await client.ReadEventsAsync(0, 1000, TimeSpan.Zero, ct);
        Assert.True(stored.Value.Count > 0);

        var seen = new List<BatonEvent>();
        var liveArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reading = Task.Run(async () =>
        {
            await foreach (var e in client.SubscribeAsync(0, stop.Token))
            {
                seen.Add(e);
                if (e.TaskId == "b")
                {
                    liveArrived.TrySetResult();
                }
            }
        }, ct);

        await hub.SeedAsync("b");
        await liveArrived.Task.WaitAsync(TestTimeouts.Default, ct);
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);

        var ids = seen.Select(e => e.Id).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
        Assert.Equal(stored.Value.Select(e => e.Id), ids.Take(stored.Value.Count));
    }

    [Fact]
    public async Task ReportWithNext_HandsTheNextTaskInTheSameReply()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1", "t2");
        await using var client = await ConnectAsync(hub, "w1");
        var ct = TestContext.Current.CancellationToken;
        var w1 = new WorkerId("w1");
        Assert.True((await client.ClaimAsync(new ClaimRequest { Worker = w1 }, ct)).IsOk);

        Task<Result<ReportResult>> ReportDoneWithNextAsync(string task) => client.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId(task),
            Worker = w1,
            Outcome = ReportOutcome.Done,
            Summary = "done",
            Next = new ClaimRequest { Worker = w1 },
        }, ct);

        var report = await ReportDoneWithNextAsync("t1");

        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
        Assert.Equal("t2", report.Value.Next?.Task.Id.Value);
        Assert.Equal([new TaskId("t2")], client.HeldTasks);

        var last = await ReportDoneWithNextAsync("t2");
        Assert.True(last.IsOk, last.Error?.Message);
        Assert.Null(last.Value.Next);
        Assert.NotNull(last.Value.NoNext);
        Assert.Empty(client.HeldTasks);
    }

    [Fact]
    public async Task ReportWithNextAndWait_IsAnsweredWhenATaskBecomesReady()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var client = await ConnectAsync(hub, "w1");
        await using var coordinator = await ConnectAsync(hub, null, "coordinator");
        var ct = TestContext.Current.CancellationToken;
        var w1 = new WorkerId("w1");
        Assert.True((await client.ClaimAsync(new ClaimRequest { Worker = w1 }, ct)).IsOk);

        var pending = client.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId("t1"),
            Worker = w1,
            Outcome = ReportOutcome.Done,
            Summary = "done",
            Next = new ClaimRequest { Worker = w1, Wait = TimeSpan.FromMinutes(2) },
        }, ct);
        // The report is applied before the wait starts: t1 is done while the reply is still pending.
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Default;
        while ((await coordinator.ShowTaskAsync(new TaskId("t1"), ct)).Value.Task.State != TaskState.Done)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "t1 never became done");
            await Task.Delay(20, ct);
        }
        Assert.False(pending.IsCompleted);

        var imported = await coordinator.ImportAsync("""{"tasks":[{"id":"t2","title":"later"}]}""", ct);
        Assert.True(imported.IsOk, imported.Error?.Message);

        var report = await pending.WaitAsync(TestTimeouts.Default, ct);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal("t2", report.Value.Next?.Task.Id.Value);
    }
}

using System.Text.Json;
using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Connections;

/// <summary>Persistent sessions are watched (their close starts the grace); ephemeral ones (a CLI call) are not.</summary>
public sealed class SessionKindTests
{
    [Fact]
    public async Task Disconnect_EphemeralSession_LeaseOutlivesGrace()
    {
        await using var hub = await TestHub.StartAsync(grace: TimeSpan.FromMilliseconds(200));
        await hub.SeedAsync("t1", "t2");
        var oneShot = await HelloAsync(hub, "w1", "ephemeral");
        Assert.Equal("t1", TaskOf(await oneShot.RequestAsync("""{"type":"claim","id":2}""")));
        await oneShot.DisposeAsync();
        // The control: a persistent worker that drops after the one-shot call did.
        var watched = await HelloAsync(hub, "w2", "persistent");
        Assert.Equal("t2", TaskOf(await watched.RequestAsync("""{"type":"claim","id":2}""")));
        await watched.DisposeAsync();

        await using var observer = await RawSocket.HelloAsync(hub.SocketUrl, "obs", role: "observer");
        // Polling with a generous deadline: the release happens after the grace, on the hub's clock.
        var states = await PollStatesAsync(observer, s => s["t2"] == "ready");

        Assert.Equal("ready", states["t2"]);
        Assert.Equal("leased", states["t1"]);
        var report = await HelloAsync(hub, "w1", "ephemeral");
        var done = await report.RequestAsync("""{"type":"report","id":3,"task_id":"t1","outcome":"done","summary":"later, on another connection"}""");
        Assert.Equal("report.ok", done.GetProperty("type").GetString());
        await report.DisposeAsync();
    }

    [Fact]
    public async Task Hello_UnknownSession_IsRefusedWithBadRequest()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        var reply = await socket.RequestAsync("""{"type":"hello","id":1,"protocol":1,"worker":"w1","session":"forever"}""");
        Assert.Equal("bad_request", reply.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Hello_WithoutRoleOrSession_IsAPersistentWorker()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        var welcome = await socket.RequestAsync("""{"type":"hello","id":1,"protocol":1,"worker":"w1"}""");
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        Assert.Equal("t1", TaskOf(await socket.RequestAsync("""{"type":"claim","id":2}""")));

        var status = await socket.RequestAsync("""{"type":"status","id":3}""");
        var worker = Assert.Single(status.GetProperty("status").GetProperty("workers").EnumerateArray());
        Assert.True(worker.GetProperty("connected").GetBoolean());
    }

    [Fact]
    public async Task Hello_EphemeralWorker_IsNotShownConnected()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var oneShot = await HelloAsync(hub, "w1", "ephemeral");
        Assert.Equal("t1", TaskOf(await oneShot.RequestAsync("""{"type":"claim","id":2}""")));

        var status = await oneShot.RequestAsync("""{"type":"status","id":3}""");
        var worker = Assert.Single(status.GetProperty("status").GetProperty("workers").EnumerateArray());
        Assert.False(worker.GetProperty("connected").GetBoolean());
        Assert.Equal("alive", worker.GetProperty("health").GetString());
    }

    [Fact]
    public async Task DisposeAsync_Client_ClosesWithHandshakeAndHubLogsNoWarning()
    {
        var logs = new LogSink();
        await using var hub = await TestHub.StartAsync(logs: logs);
        var ct = TestContext.Current.CancellationToken;
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub.Url, Token = hub.Token, Role = "observer", Session = BatonSessionKind.Ephemeral }, ct);
        Assert.True(connected.IsOk, connected.Error?.Message);
        var session = connected.Value.Session;
        Assert.True((await connected.Value.StatusAsync(ct)).IsOk);

        await connected.Value.DisposeAsync();

        // The hub logs "closed" (2001) once it has finished with the connection; poll for it.
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Default;
        while (!logs.Entries.Any(e => e.EventId == 2001 && e.Message.Contains(session, StringComparison.Ordinal)))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the hub never logged the connection's close");
            await Task.Delay(20, ct);
        }
        var mine = logs.Entries.Where(e => e.Message.Contains(session, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(mine, e => e.Level >= LogLevel.Warning);
        Assert.DoesNotContain(mine, e => e.EventId == 2008);
    }

    [Fact]
    public async Task AutoHeartbeat_PersistentWorkerHoldingLease_RenewsItBeforeExpiry()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        var ct = TestContext.Current.CancellationToken;
        await using var client = (await BatonClient.ConnectAsync(new BatonClientOptions { Server = hub.Url, Token = hub.Token, Worker = new WorkerId("w1") }, ct)).Value;
        var claim = await client.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1"), Lease = TimeSpan.FromSeconds(3) }, ct);
        Assert.True(claim.IsOk, claim.Error?.Message);
        var firstExpiry = claim.Value.Lease.ExpiresAt;

        // Nothing but the client's own loop heartbeats; wait (polling) until the lease moved past its first expiry.
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Default;
        TaskItem task;
        do
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, "the lease was never renewed");
            await Task.Delay(100, ct);
            task = (await client.ShowTaskAsync(new TaskId("t1"), ct)).Value.Task;
            Assert.Equal(TaskState.Leased, task.State);
        }
        while (TimeProvider.System.GetUtcNow() < firstExpiry + TimeSpan.FromSeconds(1));

        Assert.True(task.CurrentLease!.ExpiresAt > firstExpiry);
        Assert.Equal(claim.Value.Lease.Id, task.CurrentLease.Id);
        Assert.Equal([new TaskId("t1")], client.HeldTasks);
        var report = await client.ReportAsync(new ReportRequest { TaskId = new TaskId("t1"), Worker = new WorkerId("w1"), Outcome = ReportOutcome.Done, Summary = "kept alive by heartbeats" }, ct);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Empty(client.HeldTasks);
    }

    private static async Task<RawSocket> HelloAsync(TestHub hub, string worker, string session)
    {
        var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        var welcome = await socket.RequestAsync($$"""{"type":"hello","id":1,"protocol":1,"role":"worker","worker":"{{worker}}","session":"{{session}}"}""");
        Assert.Equal("welcome", welcome.GetProperty("type").GetString());
        return socket;
    }

    private static string? TaskOf(JsonElement assigned)
        => assigned.GetProperty("assignment").GetProperty("task").GetProperty("id").GetString();

    private static async Task<Dictionary<string, string>> PollStatesAsync(RawSocket observer, Func<Dictionary<string, string>, bool> until)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Default;
        var id = 10;
        while (true)
        {
            var list = await observer.RequestAsync($$"""{"type":"task.list","id":{{id++}}}""");
            var states = list.GetProperty("tasks").EnumerateArray()
                .ToDictionary(t => t.GetProperty("id").GetString()!, t => t.GetProperty("state").GetString()!, StringComparer.Ordinal);
            if (until(states) || TimeProvider.System.GetUtcNow() > deadline)
            {
                return states;
            }
            await observer.RequestAsync($$"""{"type":"events.read","id":{{id++}},"after":0,"max":1,"wait_ms":100}""");
        }
    }
}

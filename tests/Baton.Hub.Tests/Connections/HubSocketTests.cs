using System.Text.Json;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Connections;

public sealed class HubSocketTests
{
    private static string Type(JsonElement frame) => frame.GetProperty("type").GetString()!;

    [Fact]
    public async Task HelloClaimReport_OverRawSocket_CompletesTask()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("t1");
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "w1");

        var assigned = await socket.RequestAsync("""{"type":"claim","id":2,"wait":false}""");
        Assert.Equal("task.assigned", Type(assigned));
        Assert.Equal("t1", assigned.GetProperty("assignment").GetProperty("task").GetProperty("id").GetString());
        Assert.Equal(1, assigned.GetProperty("assignment").GetProperty("attempt").GetInt32());

        // Keys in any order: "type" last is still read (other languages do not order keys).
        var report = await socket.RequestAsync("""{"id":3,"task_id":"t1","outcome":"done","summary":"did it","files":[],"context_score":5,"type":"report"}""");
        Assert.Equal("report.ok", Type(report));
        Assert.Equal("done", report.GetProperty("task").GetProperty("state").GetString());

        var none = await socket.RequestAsync("""{"type":"claim","id":4,"wait":false}""");
        Assert.Equal("no_task", Type(none));
    }

    [Fact]
    public async Task ClaimWithWait_WhenTaskArrivesLater_IsPushed()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "w1");
        // Why ping after the claim: its pong proves the claim is queued before the task is added.
        await socket.SendAsync("""{"type":"claim","id":2,"wait":true}""");
        Assert.Equal("pong", Type(await socket.RequestAsync("""{"type":"ping","id":3}""")));

        await hub.SeedAsync("late");

        var pushed = await socket.ReceiveAsync();
        Assert.Equal("task.assigned", Type(pushed));
        Assert.Equal(2, pushed.GetProperty("id").GetInt64());
        Assert.Equal("late", pushed.GetProperty("assignment").GetProperty("task").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ClaimWithWait_WhenWaitRunsOut_AnswersNoTask()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "w1");
        var reply = await socket.RequestAsync("""{"type":"claim","id":2,"wait":true,"wait_ms":100}""");
        Assert.Equal("no_task", Type(reply));
    }

    [Fact]
    public async Task WaitingClaims_TwoWorkersTwoTasks_EachGetsExactlyOne()
    {
        await using var hub = await TestHub.StartAsync();
        await using var first = await RawSocket.HelloAsync(hub.SocketUrl, "w1");
        await using var second = await RawSocket.HelloAsync(hub.SocketUrl, "w2");
        await first.SendAsync("""{"type":"claim","id":10,"wait":true}""");
        Assert.Equal("pong", Type(await first.RequestAsync("""{"type":"ping","id":11}""")));
        await second.SendAsync("""{"type":"claim","id":20,"wait":true}""");
        Assert.Equal("pong", Type(await second.RequestAsync("""{"type":"ping","id":21}""")));

        await hub.SeedAsync("a", "b");

        var one = await first.ReceiveAsync();
        var two = await second.ReceiveAsync();
        Assert.Equal("task.assigned", Type(one));
        Assert.Equal("task.assigned", Type(two));
        // FIFO by wait start: the first waiter gets the first task in plan order.
        Assert.Equal("a", one.GetProperty("assignment").GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("b", two.GetProperty("assignment").GetProperty("task").GetProperty("id").GetString());
    }

    [Fact]
    public async Task WaitingClaim_OfAWorkerThatLeft_NeverKeepsTheTaskFromTheNextWaiter()
    {
        await using var hub = await TestHub.StartAsync();
        var gone = await RawSocket.HelloAsync(hub.SocketUrl, "gone");
        await gone.SendAsync("""{"type":"claim","id":10,"wait":true}""");
        Assert.Equal("pong", Type(await gone.RequestAsync("""{"type":"ping","id":11}""")));
        await using var next = await RawSocket.HelloAsync(hub.SocketUrl, "next");
        await next.SendAsync("""{"type":"claim","id":20,"wait":true}""");
        Assert.Equal("pong", Type(await next.RequestAsync("""{"type":"ping","id":21}""")));

        // The first waiter leaves while its claim may be standing in the store; the task that arrives then
        // either is not leased to it or is given back, and reaches the waiter still there.
        await gone.DisposeAsync();
        await hub.SeedAsync("t");

        var pushed = await next.ReceiveAsync();
        Assert.Equal("task.assigned", Type(pushed));
        Assert.Equal(20, pushed.GetProperty("id").GetInt64());
        Assert.Equal("t", pushed.GetProperty("assignment").GetProperty("task").GetProperty("id").GetString());
        Assert.Equal("next", pushed.GetProperty("assignment").GetProperty("lease").GetProperty("worker").GetString());
    }

    [Theory]
    [InlineData("not json at all", null)]
    [InlineData("[1,2,3]", null)]
    [InlineData("""{"id":5}""", 5L)]
    [InlineData("""{"type":42,"id":6}""", 6L)]
    [InlineData("""{"type":"teleport","id":7}""", 7L)]
    [InlineData("""{"type":"claim","id":8,"wait":"yes"}""", 8L)]
    [InlineData("""{"type":"report","id":9,"outcome":"done"}""", 9L)]
    [InlineData("""{"type":"report","id":10,"task_id":"t","outcome":"maybe"}""", 10L)]
    public async Task MalformedFrame_GetsErrorReply_AndConnectionStillWorks(string frame, long? id)
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "w1");

        await socket.SendAsync(frame);
        var error = await socket.ReceiveAsync();

        Assert.Equal("error", Type(error));
        Assert.Equal("malformed_message", error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        if (id is { } expected)
        {
            Assert.Equal(expected, error.GetProperty("id").GetInt64());
        }
        Assert.Equal("pong", Type(await socket.RequestAsync("""{"type":"ping","id":99}""")));
        Assert.Equal("status.ok", Type(await socket.RequestAsync("""{"type":"status","id":100}""")));
    }

    [Fact]
    public async Task WorkerOperation_BeforeHello_IsRefusedWithBadRequest()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        var reply = await socket.RequestAsync("""{"type":"claim","id":1}""");
        Assert.Equal("error", Type(reply));
        Assert.Equal("bad_request", reply.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Hello_WithUnsupportedProtocol_IsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        await using var socket = await RawSocket.ConnectAsync(hub.SocketUrl);
        var reply = await socket.RequestAsync("""{"type":"hello","id":1,"protocol":99,"role":"observer"}""");
        Assert.Equal("unsupported_protocol", reply.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Disconnect_BeyondGrace_ReleasesTask()
    {
        await using var hub = await TestHub.StartAsync(grace: TimeSpan.FromMilliseconds(200));
        await hub.SeedAsync("t1");
        var socket = await RawSocket.HelloAsync(hub.SocketUrl, "w1");
        Assert.Equal("task.assigned", Type(await socket.RequestAsync("""{"type":"claim","id":2}""")));

        await socket.DisposeAsync();

        await using var observer = await RawSocket.HelloAsync(hub.SocketUrl, "obs", role: "observer");
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Default;
        string? state = null;
        var id = 10;
        // Polling with a generous deadline: the release happens after the grace, on the hub's clock.
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            var list = await observer.RequestAsync($$"""{"type":"task.list","id":{{id++}}}""");
            state = list.GetProperty("tasks")[0].GetProperty("state").GetString();
            if (state == "ready")
            {
                break;
            }
            var events = await observer.RequestAsync($$"""{"type":"events.read","id":{{id++}},"after":0,"max":1000,"wait_ms":200}""");
            Assert.Equal("events.read.ok", Type(events));
        }
        Assert.Equal("ready", state);
    }

    [Fact]
    public async Task EventsRead_WithoutMax_ReturnsEvents_AndMaxZeroIsRefused()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("a", "b");
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "obs", role: "observer");

        var read = await socket.RequestAsync("""{"type":"events.read","id":2,"after":0}""");
        Assert.Equal("events.read.ok", Type(read));
        Assert.True(read.GetProperty("events").GetArrayLength() >= 2);

        var zero = await socket.RequestAsync("""{"type":"events.read","id":3,"after":0,"max":0}""");
        Assert.Equal("error", Type(zero));
    }

    [Fact]
    public async Task Subscribe_AfterAnId_ReplaysStoredThenPushesLive()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("a", "b");
        await using var socket = await RawSocket.HelloAsync(hub.SocketUrl, "obs", role: "observer");
        var all = await socket.RequestAsync("""{"type":"events.read","id":2,"after":0,"max":1000}""");
        var stored = all.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.True(stored.Count >= 2);

        var subscribed = await socket.RequestAsync($$"""{"type":"subscribe","id":3,"after":{{stored[0]}}}""");
        Assert.Equal("subscribed", Type(subscribed));
        var replayed = new List<long>();
        for (var i = 1; i < stored.Count; i++)
        {
            var frame = await socket.ReceiveAsync();
            Assert.Equal("event", Type(frame));
            replayed.Add(frame.GetProperty("event").GetProperty("id").GetInt64());
        }
        Assert.Equal(stored.Skip(1), replayed);

        await hub.SeedAsync("c");
        var live = await socket.ReceiveAsync();
        Assert.Equal("event", Type(live));
        Assert.True(live.GetProperty("event").GetProperty("id").GetInt64() > stored[^1]);
    }

    [Fact]
    public async Task Subscribe_AfterTheLastSubscriberLeft_GetsWhatItMissedThenLive()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.SeedAsync("a");
        long seen;
        await using (var first = await RawSocket.HelloAsync(hub.SocketUrl, "obs1", role: "observer"))
        {
            var before = await first.RequestAsync("""{"type":"events.read","id":2,"after":0,"max":1000}""");
            var count = before.GetProperty("events").GetArrayLength();
            Assert.Equal("subscribed", Type(await first.RequestAsync("""{"type":"subscribe","id":3,"after":0}""")));
            seen = 0;
            for (var i = 0; i < count; i++)
            {
                seen = (await first.ReceiveAsync()).GetProperty("event").GetProperty("id").GetInt64();
            }
        }

        // Nobody subscribed: the pump stops reading, and these events are only in the store.
        await hub.SeedAsync("b", "c");
        await using var second = await RawSocket.HelloAsync(hub.SocketUrl, "obs2", role: "observer");
        var all = await second.RequestAsync("""{"type":"events.read","id":2,"after":0,"max":1000}""");
        var missed = all.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()).Where(id => id > seen).ToList();
        Assert.NotEmpty(missed);
        Assert.Equal("subscribed", Type(await second.RequestAsync($$"""{"type":"subscribe","id":3,"after":{{seen}}}""")));
        var replayed = new List<long>();
        for (var i = 0; i < missed.Count; i++)
        {
            var frame = await second.ReceiveAsync();
            Assert.Equal("event", Type(frame));
            replayed.Add(frame.GetProperty("event").GetProperty("id").GetInt64());
        }
        Assert.Equal(missed, replayed);

        await hub.SeedAsync("d");
        var live = await second.ReceiveAsync();
        Assert.Equal("event", Type(live));
        Assert.Equal(missed[^1] + 1, live.GetProperty("event").GetProperty("id").GetInt64());
    }
}

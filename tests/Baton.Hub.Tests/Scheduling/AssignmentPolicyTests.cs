using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Scheduling;
using Baton.Core.Tasks;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Scheduling;

/// <summary>
/// Which waiting worker the hub gives the next ready task to, per policy. Each test queues its waiters
/// first (the dispatch probe says when the hub sees them all), then adds one task at a time and checks
/// who got it. Arrival orders are chosen so that first-come-first-served would pick someone else.
/// </summary>
public sealed class AssignmentPolicyTests
{
    private static readonly TimeSpan LongWait = TimeSpan.FromSeconds(60);

    private static async Task<BatonClient> ConnectAsync(TestHub hub, string worker, int? capacity = null, int? priority = null)
    {
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = hub.Url,
            Token = hub.Token,
            Worker = new WorkerId(worker),
            Capacity = capacity,
            Priority = priority,
        }, TestContext.Current.CancellationToken);
        Assert.True(connected.IsOk, connected.Error?.Message);
        return connected.Value;
    }

    /// <summary>Starts a waiting claim and returns once the hub has it queued with the others.</summary>
    private static async Task<Task<Result<Assignment>>> WaitInQueueAsync(TestHub hub, BatonClient client, string worker, int queued, int? priority = null)
    {
        var mark = hub.Probe.Mark();
        var claim = client.ClaimAsync(new ClaimRequest { Worker = new WorkerId(worker), Wait = LongWait, Priority = priority }, TestContext.Current.CancellationToken);
        await hub.Probe.WaitForWaitersAsync(queued, mark);
        return claim;
    }

    /// <summary>Adds one task and returns the worker whose waiting claim got it; that claim leaves the map.</summary>
    private static async Task<string> NextWinnerAsync(TestHub hub, string taskId, Dictionary<string, Task<Result<Assignment>>> claims)
    {
        await hub.SeedAsync(taskId);
        var first = await Task.WhenAny(claims.Values).WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken);
        var result = await first;
        Assert.True(result.IsOk, result.Error?.Message);
        Assert.Equal(taskId, result.Value.Task.Id.Value);
        var winner = claims.Single(c => c.Value == first).Key;
        claims.Remove(winner);
        return winner;
    }

    [Fact]
    public async Task Dispatch_LeastLoaded_GivesTaskToWorkerHoldingFewerLeases()
    {
        await using var hub = await TestHub.StartAsync(policy: AssignmentPolicy.LeastLoaded);
        var ct = TestContext.Current.CancellationToken;
        await using var busy = await ConnectAsync(hub, "busy", capacity: 2);
        await using var idle = await ConnectAsync(hub, "idle");
        await hub.SeedAsync("t0");
        var held = await busy.ClaimAsync(new ClaimRequest { Worker = new WorkerId("busy") }, ct);
        Assert.True(held.IsOk, held.Error?.Message);

        // "busy" (one lease of two) asks first; first-come-first-served would serve it.
        var claims = new Dictionary<string, Task<Result<Assignment>>>
        {
            ["busy"] = await WaitInQueueAsync(hub, busy, "busy", 1),
            ["idle"] = await WaitInQueueAsync(hub, idle, "idle", 2),
        };

        Assert.Equal("idle", await NextWinnerAsync(hub, "t1", claims));
        Assert.Equal("busy", await NextWinnerAsync(hub, "t2", claims));
    }

    [Fact]
    public async Task Dispatch_LeastLoaded_TiesGoToFewerDoneThenLongestWaiting()
    {
        await using var hub = await TestHub.StartAsync(policy: AssignmentPolicy.LeastLoaded);
        var ct = TestContext.Current.CancellationToken;
        await using var veteran = await ConnectAsync(hub, "veteran");
        await using var fresh = await ConnectAsync(hub, "fresh");
        await using var late = await ConnectAsync(hub, "late");
        await hub.SeedAsync("t0");
        var first = await veteran.ClaimAsync(new ClaimRequest { Worker = new WorkerId("veteran") }, ct);
        var report = await veteran.ReportAsync(new ReportRequest { TaskId = first.Value.Task.Id, Worker = new WorkerId("veteran"), Outcome = ReportOutcome.Done, Summary = "ok" }, ct);
        Assert.True(report.IsOk, report.Error?.Message);

        var claims = new Dictionary<string, Task<Result<Assignment>>>
        {
            ["veteran"] = await WaitInQueueAsync(hub, veteran, "veteran", 1),
            ["fresh"] = await WaitInQueueAsync(hub, fresh, "fresh", 2),
            ["late"] = await WaitInQueueAsync(hub, late, "late", 3),
        };

        // No one holds a lease; veteran has one done; fresh and late have none, and fresh waited longer.
        Assert.Equal("fresh", await NextWinnerAsync(hub, "t1", claims));
        Assert.Equal("late", await NextWinnerAsync(hub, "t2", claims));
        Assert.Equal("veteran", await NextWinnerAsync(hub, "t3", claims));
    }

    [Fact]
    public async Task Dispatch_RoundRobin_RotatesOverNamesStartingAfterLastServed()
    {
        await using var hub = await TestHub.StartAsync(policy: AssignmentPolicy.RoundRobin);
        await using var w3 = await ConnectAsync(hub, "w3");
        await using var w1 = await ConnectAsync(hub, "w1");
        await using var w2 = await ConnectAsync(hub, "w2");

        // Arrival order w3, w1, w2: first-come-first-served would start with w3.
        var claims = new Dictionary<string, Task<Result<Assignment>>>
        {
            ["w3"] = await WaitInQueueAsync(hub, w3, "w3", 1),
            ["w1"] = await WaitInQueueAsync(hub, w1, "w1", 2),
            ["w2"] = await WaitInQueueAsync(hub, w2, "w2", 3),
        };

        Assert.Equal("w1", await NextWinnerAsync(hub, "t1", claims));
        Assert.Equal("w2", await NextWinnerAsync(hub, "t2", claims));
        Assert.Equal("w3", await NextWinnerAsync(hub, "t3", claims));
    }

    [Fact]
    public async Task Dispatch_RoundRobin_AlternatesBetweenTwoWorkersThatKeepAsking()
    {
        await using var hub = await TestHub.StartAsync(policy: AssignmentPolicy.RoundRobin);
        var ct = TestContext.Current.CancellationToken;
        var clients = new Dictionary<string, BatonClient> { ["a"] = await ConnectAsync(hub, "a"), ["b"] = await ConnectAsync(hub, "b") };
        try
        {
            var claims = new Dictionary<string, Task<Result<Assignment>>>
            {
                ["b"] = await WaitInQueueAsync(hub, clients["b"], "b", 1),
                ["a"] = await WaitInQueueAsync(hub, clients["a"], "a", 2),
            };
            var winners = new List<string>();
            for (var i = 1; i <= 4; i++)
            {
                var winner = await NextWinnerAsync(hub, $"t{i}", claims);
                winners.Add(winner);
                var report = await clients[winner].ReportAsync(new ReportRequest { TaskId = new TaskId($"t{i}"), Worker = new WorkerId(winner), Outcome = ReportOutcome.Done, Summary = "ok" }, ct);
                Assert.True(report.IsOk, report.Error?.Message);
                // The winner asks again and is queued behind the other: round-robin still alternates by name.
                claims[winner] = await WaitInQueueAsync(hub, clients[winner], winner, 2);
            }

            Assert.Equal(["a", "b", "a", "b"], winners);
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Dispatch_Priority_ServesHighestPriorityFirstFromHelloOrClaim()
    {
        await using var hub = await TestHub.StartAsync(policy: AssignmentPolicy.Priority);
        await using var low = await ConnectAsync(hub, "low");
        await using var mid = await ConnectAsync(hub, "mid");
        await using var high = await ConnectAsync(hub, "high", priority: 5);

        // low (default 0) asks first, mid says 3 on its claim, high said 5 in its hello.
        var claims = new Dictionary<string, Task<Result<Assignment>>>
        {
            ["low"] = await WaitInQueueAsync(hub, low, "low", 1),
            ["mid"] = await WaitInQueueAsync(hub, mid, "mid", 2, priority: 3),
            ["high"] = await WaitInQueueAsync(hub, high, "high", 3),
        };

        Assert.Equal("high", await NextWinnerAsync(hub, "t1", claims));
        Assert.Equal("mid", await NextWinnerAsync(hub, "t2", claims));
        Assert.Equal("low", await NextWinnerAsync(hub, "t3", claims));
    }

    [Fact]
    public async Task Dispatch_Priority_TiesAreFirstComeFirstServed()
    {
        await using var hub = await TestHub.StartAsync(policy: AssignmentPolicy.Priority);
        await using var second = await ConnectAsync(hub, "a-second", priority: 1);
        await using var first = await ConnectAsync(hub, "z-first", priority: 1);

        var claims = new Dictionary<string, Task<Result<Assignment>>>
        {
            ["z-first"] = await WaitInQueueAsync(hub, first, "z-first", 1),
            ["a-second"] = await WaitInQueueAsync(hub, second, "a-second", 2),
        };

        Assert.Equal("z-first", await NextWinnerAsync(hub, "t1", claims));
        Assert.Equal("a-second", await NextWinnerAsync(hub, "t2", claims));
    }

    [Fact]
    public async Task Dispatch_HighPriorityWaiterWithoutTheLabel_IsSkippedForOneThatHasIt()
    {
        await using var hub = await TestHub.StartAsync(policy: AssignmentPolicy.Priority);
        var ct = TestContext.Current.CancellationToken;
        await using var plain = await ConnectAsync(hub, "plain", priority: 9);
        await using var gpu = await ConnectAsync(hub, "gpu");
        var claims = new Dictionary<string, Task<Result<Assignment>>>
        {
            ["plain"] = await WaitInQueueAsync(hub, plain, "plain", 1),
        };
        var mark = hub.Probe.Mark();
        claims["gpu"] = gpu.ClaimAsync(new ClaimRequest { Worker = new WorkerId("gpu"), Wait = LongWait, Labels = ["gpu"] }, ct);
        await hub.Probe.WaitForWaitersAsync(2, mark);

        // The task needs "gpu": plain goes first by priority but the store refuses it, so gpu gets it.
        await hub.SeedAsync(new TaskSpec { Id = new TaskId("t1"), Title = "needs a gpu", Labels = ["gpu"] });
        var winner = await Task.WhenAny(claims.Values).WaitAsync(TestTimeouts.Default, ct);
        Assert.Same(claims["gpu"], winner);
        Assert.Equal("t1", (await winner).Value.Task.Id.Value);
        claims.Remove("gpu");
        Assert.Equal("plain", await NextWinnerAsync(hub, "t2", claims));
    }
}

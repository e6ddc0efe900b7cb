using Baton.Core.Scheduling;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Scheduling;

public sealed class WaiterOrderTests
{
    private static WaiterCandidate W(string name, long arrival, int leases = 0, int done = 0, int priority = 0, int passedOver = 0) => new()
    {
        Worker = new WorkerId(name),
        Arrival = arrival,
        Leases = leases,
        Done = done,
        Priority = priority,
        PassedOver = passedOver,
    };

    private static List<string> Names(AssignmentPolicy policy, WaiterCandidate[] waiters, string? last = null)
        => WaiterOrder.Order(policy, waiters, last is null ? null : new WorkerId(last)).Select(i => waiters[i].Worker.Value).ToList();

    [Fact]
    public void Order_LeastLoaded_FewestLeasesThenFewestDoneThenLongestWaiting()
    {
        var waiters = new[] { W("a", 1, leases: 1), W("b", 2, done: 3), W("c", 3, done: 1), W("d", 4, done: 1) };
        Assert.Equal(["c", "d", "b", "a"], Names(AssignmentPolicy.LeastLoaded, waiters));
    }

    [Fact]
    public void Order_LeastLoaded_WaiterPassedOverTooOften_GoesFirst()
    {
        var waiters = new[] { W("idle", 1), W("loaded", 2, leases: 3, passedOver: WaiterOrder.PassOverLimit) };
        Assert.Equal(["loaded", "idle"], Names(AssignmentPolicy.LeastLoaded, waiters));
    }

    [Fact]
    public void Order_RoundRobin_StartsAfterLastServedAndWraps()
    {
        var waiters = new[] { W("w3", 1), W("w1", 2), W("w2", 3), W("w1", 4) };
        Assert.Equal(["w1", "w1", "w2", "w3"], Names(AssignmentPolicy.RoundRobin, waiters));
        Assert.Equal(["w3", "w1", "w1", "w2"], Names(AssignmentPolicy.RoundRobin, waiters, last: "w2"));
        Assert.Equal(["w1", "w1", "w2", "w3"], Names(AssignmentPolicy.RoundRobin, waiters, last: "w9"));
    }

    [Fact]
    public void Order_Priority_HighestFirstTiesByArrival()
    {
        var waiters = new[] { W("low", 1), W("high-late", 4, priority: 5), W("high-early", 3, priority: 5), W("negative", 0, priority: -1) };
        Assert.Equal(["high-early", "high-late", "low", "negative"], Names(AssignmentPolicy.Priority, waiters));
    }

    [Theory]
    [InlineData("least-loaded", AssignmentPolicy.LeastLoaded)]
    [InlineData("Round-Robin", AssignmentPolicy.RoundRobin)]
    [InlineData("priority", AssignmentPolicy.Priority)]
    public void TryParse_KnownName_ReadsPolicy(string text, AssignmentPolicy expected)
    {
        Assert.True(AssignmentPolicies.TryParse(text, out var policy));
        Assert.Equal(expected, policy);
        Assert.True(AssignmentPolicies.TryParse(policy.ToName(), out _));
    }

    [Fact]
    public void TryParse_UnknownName_Fails() => Assert.False(AssignmentPolicies.TryParse("fifo", out _));
}

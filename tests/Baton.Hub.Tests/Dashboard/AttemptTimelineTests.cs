using Baton.Core.Events;
using Baton.Hub.Dashboard;

namespace Baton.Hub.Tests.Dashboard;

/// <summary>The timeline's attempts, folded from events as the page folds them (timeline.js).</summary>
public sealed class AttemptTimelineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private long _id;

    private BatonEvent E(string type, string task, string? worker, int second)
        => new() { Id = ++_id, At = T0.AddSeconds(second), Type = type, TaskId = task, Worker = worker };

    [Fact]
    public void Apply_ClaimsAndEndings_GiveOneAttemptEach_WithItsEnding()
    {
        var timeline = new AttemptTimeline();
        foreach (var e in new[]
        {
            E(EventTypes.TaskClaimed, "a", "w1", 0), E(EventTypes.TaskClaimed, "b", "w2", 1),
            E(EventTypes.TaskFailed, "a", "w1", 2), E(EventTypes.TaskClaimed, "a", "w2", 3),
            E(EventTypes.TaskChecking, "b", "w2", 4), E(EventTypes.ChecksFailed, "b", "w2", 5),
            E(EventTypes.LeaseExpired, "a", "w2", 6), E(EventTypes.TaskClaimed, "b", "w1", 7),
            E(EventTypes.TaskChecking, "b", "w1", 8), E(EventTypes.TaskDone, "b", "w1", 9),
            E(EventTypes.TaskClaimed, "a", "w3", 10),
        })
        {
            timeline.Apply(e);
        }

        var rows = timeline.Attempts.Select(a => (a.Task, a.Worker, a.Number, a.Ending, a.EndedAt is null)).ToList();
        Assert.Equal(
        [
            ("a", "w1", 1, "failed", false), ("b", "w2", 1, "checks_failed", false), ("a", "w2", 2, "expired", false),
            ("b", "w1", 2, "done", false), ("a", "w3", 3, null, true),
        ], rows);
        Assert.Equal(_id, timeline.LastEventId);
        // A checking attempt ended when its report came, not when its checks did.
        Assert.Equal(T0.AddSeconds(8).ToUnixTimeMilliseconds(), timeline.Attempts[3].EndedAt);
    }

    [Fact]
    public void Apply_EscalationAfterChecks_DoesNotEndALaterAttempt()
    {
        var timeline = new AttemptTimeline();
        timeline.Apply(E(EventTypes.TaskClaimed, "a", "w1", 0));
        timeline.Apply(E(EventTypes.TaskChecking, "a", "w1", 1));
        timeline.Apply(E(EventTypes.ChecksFailed, "a", "w1", 2));
        timeline.Apply(E(EventTypes.TaskEscalated, "a", "w1", 2));

        var attempt = Assert.Single(timeline.Attempts);
        Assert.Equal("checks_failed", attempt.Ending);
    }
}

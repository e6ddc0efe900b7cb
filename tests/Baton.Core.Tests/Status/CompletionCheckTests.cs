using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Status;

public sealed class CompletionCheckTests
{
    private static TaskItem T(string id, TaskState state, params string[] deps) => new()
    {
        Id = new TaskId(id),
        Title = id,
        State = state,
        DependsOn = deps.Select(d => new TaskId(d)).ToList(),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void Evaluate_AllDone_IsSettledAndAllDone()
    {
        var verdict = CompletionCheck.Evaluate([T("a", TaskState.Done), T("b", TaskState.Done, "a")], null);
        Assert.True(verdict.AllDone);
        Assert.Equal(2, verdict.Done.Count);
    }

    [Fact]
    public void Evaluate_PendingBehindCancelledDependency_IsStuckAtOnceWithTheChain()
    {
        var tasks = new[] { T("a", TaskState.Cancelled), T("b", TaskState.Pending, "a"), T("c", TaskState.Pending, "b"), T("d", TaskState.Leased) };
        var verdict = CompletionCheck.Evaluate(tasks, null);

        Assert.False(verdict.Settled);
        Assert.Equal(["a"], verdict.Cancelled.Select(t => t.Value));
        Assert.Equal(["b", "c"], verdict.Stuck.Select(s => s.TaskId.Value));
        Assert.Equal("depends on a (cancelled)", verdict.Stuck[0].Reason);
        Assert.Equal("depends on b, which depends on a (cancelled)", verdict.Stuck[1].Reason);
        Assert.Equal(["d"], verdict.Open.Select(o => o.TaskId.Value));
    }

    [Fact]
    public void Evaluate_OnlyTargets_IgnoresOthersButFollowsTheirState()
    {
        var tasks = new[] { T("a", TaskState.Escalated), T("b", TaskState.Pending, "a"), T("c", TaskState.Done), T("x", TaskState.Ready) };
        var verdict = CompletionCheck.Evaluate(tasks, [new TaskId("b"), new TaskId("c")]);

        Assert.True(verdict.Settled);
        Assert.False(verdict.AllDone);
        Assert.Equal("b", Assert.Single(verdict.Stuck).TaskId.Value);
        Assert.Equal("c", Assert.Single(verdict.Done).Value);
    }

    [Fact]
    public void Evaluate_EscalatedTask_IsStuck()
    {
        var verdict = CompletionCheck.Evaluate([T("a", TaskState.Escalated)], null);
        Assert.True(verdict.Settled);
        Assert.StartsWith("escalated", Assert.Single(verdict.Stuck).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_PendingOnRunningDependency_IsOpen()
    {
        var verdict = CompletionCheck.Evaluate([T("a", TaskState.Leased), T("b", TaskState.Pending, "a")], null);
        Assert.Equal(2, verdict.Open.Count);
        Assert.Empty(verdict.Stuck);
    }

    [Fact]
    public void Evaluate_UnknownTarget_IsMissing()
    {
        var verdict = CompletionCheck.Evaluate([T("a", TaskState.Done)], [new TaskId("nope")]);
        Assert.Equal("nope", Assert.Single(verdict.Missing).Value);
    }
}

using Baton.Cli.Rendering;
using Baton.Core.Tasks;

namespace Baton.Cli.Tests.Rendering;

public sealed class TaskGraphTests
{
    private static TaskItem T(string id, long seq, TaskState state, params string[] deps) => new()
    {
        Id = new TaskId(id),
        Title = "title " + id,
        State = state,
        Seq = seq,
        DependsOn = deps.Select(d => new TaskId(d)).ToList(),
        CreatedAt = DateTimeOffset.UnixEpoch,
        UpdatedAt = DateTimeOffset.UnixEpoch,
    };

    private static readonly TaskItem[] Diamond =
    [
        T("a", 1, TaskState.Done),
        T("b", 2, TaskState.Ready),
        T("c", 3, TaskState.Pending, "a"),
        T("d", 4, TaskState.Pending, "a", "b"),
        T("e", 5, TaskState.Pending, "d"),
    ];

    [Fact]
    public void Text_SharedDependent_DrawnOnceThenReferenced()
    {
        var text = TaskGraphText.Render(TaskGraph.Build(Diamond));

        Assert.Equal(
            """
            a [done] title a
            ├── c [pending] title c
            └── d [pending] title d  (needs a, b)
                └── e [pending] title e
            b [ready] title b
            └── d (see above)
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Dot_HasEveryEdgeAndStateColour()
    {
        var dot = TaskGraphDot.Render(TaskGraph.Build(Diamond));

        foreach (var edge in new[] { "\"a\" -> \"c\"", "\"a\" -> \"d\"", "\"b\" -> \"d\"", "\"d\" -> \"e\"" })
        {
            Assert.Contains(edge, dot, StringComparison.Ordinal);
        }
        Assert.Contains(TaskGraphDot.Colour(TaskState.Done), dot, StringComparison.Ordinal);
        Assert.Contains("label=\"a\\ntitle a\\ndone\"", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_NoTasks_SaysSo() => Assert.Equal("no tasks", TaskGraphText.Render(TaskGraph.Build([])));
}

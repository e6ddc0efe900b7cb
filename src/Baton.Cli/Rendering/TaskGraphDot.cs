using System.Text;
using Baton.Core.Tasks;

namespace Baton.Cli.Rendering;

/// <summary><c>baton task graph --dot</c>: Graphviz DOT, an edge from each dependency to its dependent,
/// nodes filled by state. Render with <c>dot -Tsvg</c>.</summary>
internal static class TaskGraphDot
{
    public static string Render(TaskGraph graph)
    {
        var dot = new StringBuilder();
        dot.Append("digraph baton {\n");
        dot.Append("  rankdir=LR;\n");
        dot.Append("  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\"];\n");
        foreach (var task in graph.Tasks)
        {
            var state = task.State.ToWire() + (task.CurrentLease is { } lease ? $" by {lease.Worker.Value}" : "");
            dot.Append($"  {Quote(task.Id.Value)} [label={Quote($"{task.Id.Value}\n{task.Title}\n{state}")}, fillcolor=\"{Colour(task.State)}\"];\n");
        }
        foreach (var task in graph.Tasks)
        {
            foreach (var dep in graph.DependenciesOf(task.Id))
            {
                dot.Append($"  {Quote(dep.Value)} -> {Quote(task.Id.Value)};\n");
            }
        }
        dot.Append("}\n");
        return dot.ToString();
    }

    public static string Colour(TaskState state) => state switch
    {
        TaskState.Pending => "#e0e0e0",
        TaskState.Ready => "#9ecae1",
        TaskState.Leased => "#fdd835",
        TaskState.Checking => "#fdae61",
        TaskState.Done => "#a6d96a",
        TaskState.Failed => "#f46d43",
        TaskState.Cancelled => "#bdbdbd",
        TaskState.Escalated => "#e377c2",
        _ => "#ffffff",
    };

    // DOT strings: quotes and backslashes escaped; a newline becomes the centred line break \n.
    private static string Quote(string text)
        => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}

using System.Text;
using Baton.Core.Tasks;

namespace Baton.Cli.Rendering;

/// <summary>
/// <c>baton task graph</c> as a text tree: roots first, dependents indented under the task they wait on.
/// A task with several dependencies is drawn in full under the first one reached, and elsewhere as a
/// one-line back-reference ("t4 (see above)"), so the output stays linear in the number of edges.
/// </summary>
internal static class TaskGraphText
{
    public static string Render(TaskGraph graph)
    {
        if (graph.Tasks.Count == 0)
        {
            return "no tasks";
        }
        var text = new StringBuilder();
        var shown = new HashSet<TaskId>();
        foreach (var root in graph.Roots)
        {
            Write(text, graph, root, "", "", shown);
        }
        return text.ToString().TrimEnd('\n');
    }

    private static void Write(StringBuilder text, TaskGraph graph, TaskItem task, string lead, string childLead, HashSet<TaskId> shown)
    {
        if (!shown.Add(task.Id))
        {
            text.Append(lead).Append(task.Id.Value).Append(" (see above)\n");
            return;
        }
        text.Append(lead).Append(Node(graph, task)).Append('\n');
        var children = graph.DependentsOf(task.Id);
        for (var i = 0; i < children.Count; i++)
        {
            var last = i == children.Count - 1;
            Write(text, graph, children[i], childLead + (last ? "└── " : "├── "), childLead + (last ? "    " : "│   "), shown);
        }
    }

    private static string Node(TaskGraph graph, TaskItem task)
    {
        var state = task.State.ToWire();
        if (task.CurrentLease is { } lease)
        {
            state += $" by {lease.Worker.Value}";
        }
        var deps = graph.DependenciesOf(task.Id);
        var needs = deps.Count > 1 ? $"  (needs {string.Join(", ", deps.Select(d => d.Value))})" : "";
        return $"{task.Id.Value} [{state}] {task.Title}{needs}";
    }
}

using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Api;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton task graph</c>: the dependency DAG with each task's state, as a tree, DOT or JSON.</summary>
internal static class TaskGraphCommand
{
    private static readonly Option<bool> Dot = new("--dot") { Description = "Write Graphviz DOT (nodes filled by state) instead of the text tree." };

    public static Command Create()
    {
        var command = new Command("graph", """
            Show the dependency graph with each task's state: a text tree (roots first, dependents indented;
            a task with several dependencies is drawn once, then referenced as "(see above)"), Graphviz DOT
            with --dot (baton task graph --dot | dot -Tsvg > plan.svg), or {"roots", "tasks"} with --json.
            """);
        command.Options.Add(Dot);
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "observer", null, waits: false, async (session, json) =>
        {
            var listed = await session.Api.ListTasksAsync(TaskQuery.All, ct);
            if (!listed.IsOk)
            {
                return Output.Fail(listed.Error, json);
            }
            var graph = TaskGraph.Build(listed.Value);
            if (json)
            {
                Output.Json(ToOutput(graph), CliJsonContext.Default.GraphOutput);
            }
            else if (parseResult.GetValue(Dot))
            {
                Console.Out.Write(TerminalText.Escape(TaskGraphDot.Render(graph)));
            }
            else
            {
                Output.Line(TaskGraphText.Render(graph));
            }
            return 0;
        }, ct));
        return command;
    }

    private static GraphOutput ToOutput(TaskGraph graph) => new()
    {
        Roots = graph.Roots.Select(t => t.Id.Value).ToList(),
        Tasks = graph.Tasks.Select(t => new GraphNode
        {
            Id = t.Id.Value,
            Title = t.Title,
            State = t.State.ToWire(),
            Worker = t.CurrentLease?.Worker.Value,
            DependsOn = graph.DependenciesOf(t.Id).Select(d => d.Value).ToList(),
            Dependents = graph.DependentsOf(t.Id).Select(d => d.Id.Value).ToList(),
        }).ToList(),
    };
}

using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Checks;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton check ID</c>: run a task's acceptance checks now.</summary>
internal static class CheckCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The task." };

    public static Command Create()
    {
        var command = new Command("check",
            "Run a task's machine acceptance checks now, in the repository's working tree, against its latest done report's files, " +
            "and print the results. Changes nothing. Exit 0 when all pass, 1 when any fails.");
        command.Arguments.Add(Id);
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "coordinator", null, waits: false, async (session, json) =>
        {
            var report = await session.Api.CheckAsync(new TaskId(parseResult.GetValue(Id)!), ct);
            if (!report.IsOk)
            {
                return Output.Fail(report.Error, json);
            }
            if (json)
            {
                Output.Json(report.Value, BatonJsonContext.Default.CheckReport);
            }
            else
            {
                Print(report.Value);
            }
            return report.Value.Passed ? 0 : 1;
        }, ct));
        return command;
    }

    internal static void Print(CheckReport report, string indent = "")
    {
        foreach (var result in report.Results)
        {
            Output.Line($"{indent}{(result.Passed ? "pass" : "FAIL")}  [{result.Kind?.ToWire() ?? "invalid"}] {result.Name}: {result.Message} ({result.DurationMs} ms)");
            if (!result.Passed && !string.IsNullOrWhiteSpace(result.Output))
            {
                foreach (var line in result.Output.TrimEnd().Split('\n'))
                {
                    Output.Line($"{indent}      {line}");
                }
            }
        }
        foreach (var text in report.NotMachineChecked)
        {
            Output.Line($"{indent}n/a   (not machine-checked) {text}");
        }
        if (report.Results.Count == 0)
        {
            Output.Line($"{indent}no machine checks");
        }
    }
}

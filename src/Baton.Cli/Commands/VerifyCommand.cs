using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton verify</c>: every done task's checks, together.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var command = new Command("verify",
            "Re-run every done task's acceptance checks together on the current tree. A task whose checks passed when it was done " +
            "but fail now (another task's work broke it) is escalated as a contradiction. Exit 0 when all pass, 1 otherwise. " +
            "Baton runs this by itself when the last task of a plan is done.");
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "coordinator", null, waits: false, async (session, json) =>
        {
            var verified = await session.Api.VerifyAsync(ct);
            if (!verified.IsOk)
            {
                return Output.Fail(verified.Error, json);
            }
            if (json)
            {
                Output.Json(verified.Value, BatonJsonContext.Default.VerifyResult);
            }
            else
            {
                foreach (var task in verified.Value.Tasks)
                {
                    Output.Line($"{(task.Report.Passed ? "pass" : "FAIL")}  {task.TaskId}");
                    CheckCommand.Print(task.Report, "  ");
                }
                Output.Line(verified.Value.Passed
                    ? $"verified: {verified.Value.Tasks.Count} task(s) with checks all pass together"
                    : "verify failed: the failing tasks are escalated (see 'baton inbox')");
            }
            return verified.Value.Passed ? 0 : 1;
        }, ct));
        return command;
    }
}

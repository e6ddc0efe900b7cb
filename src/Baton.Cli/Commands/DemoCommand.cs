using System.CommandLine;
using Baton.Cli.Demo;
using Baton.Cli.Infrastructure;
using Baton.Core.Errors;

namespace Baton.Cli.Commands;

/// <summary><c>baton demo</c>: the whole loop in one command.</summary>
internal static class DemoCommand
{
    private static readonly Option<int> Workers = CreateWorkers();
    private static readonly Option<bool> Keep = new("--keep") { Description = "Keep the temporary repository (its summaries/ and .baton/) and print where it is." };
    private static readonly Option<bool> Local = new("--local") { Description = "No hub: the workers use the store directly (local mode)." };

    public static Command Create()
    {
        var command = new Command("demo", """
            Run the whole loop on a temporary repository: init, a hub in this process, a sample plan of three
            file summaries, worker processes that claim, work, heartbeat and report, a live status, and a closing
            summary (tasks done, per-worker counts, wall time, handoff latency). --local runs it without a hub.
            """);
        command.Options.Add(Workers);
        command.Options.Add(Keep);
        command.Options.Add(Local);
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            if (CommonOptions.ResolveServer(parseResult) is not null && parseResult.GetValue(CommonOptions.Server) is not null)
            {
                return Task.FromResult(Output.Fail(ErrorCode.BadRequest, "demo starts its own hub; it does not take --server", json));
            }
            var run = new DemoRun(parseResult.GetValue(Workers), parseResult.GetValue(Local), parseResult.GetValue(Keep), json);
            return VerbRunner.GuardAsync(json, () => run.RunAsync(ct), ct);
        });
        return command;
    }

    private static Option<int> CreateWorkers()
    {
        var option = new Option<int>("--workers") { Description = "Worker processes to start (1-16).", DefaultValueFactory = _ => 3 };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 16)
            {
                result.AddError("--workers must be 1 to 16");
            }
        });
        return option;
    }
}

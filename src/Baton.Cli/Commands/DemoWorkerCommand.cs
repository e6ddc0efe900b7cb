using System.CommandLine;
using Baton.Cli.Demo;
using Baton.Cli.Infrastructure;
using Baton.Client;

namespace Baton.Cli.Commands;

/// <summary>Hidden <c>baton demo-worker</c>: one scripted worker process of <c>baton demo</c>.</summary>
internal static class DemoWorkerCommand
{
    private static readonly Option<string?> Worker = CommonOptions.Worker();
    private static readonly Option<string> Repo = new("--repo") { Description = "The demo repository.", Required = true };
    private static readonly Option<TimeSpan?> WorkTime = CommonOptions.Duration("--work-time", "Pretend each task takes this long (default 0; crash tests hold tasks with it).");

    public static Command Create()
    {
        var command = new Command("demo-worker", "A scripted worker for 'baton demo' (prints one JSON line of statistics).") { Hidden = true };
        command.Options.Add(Worker);
        command.Options.Add(Repo);
        command.Options.Add(WorkTime);
        command.SetAction((parseResult, ct) =>
        {
            var worker = VerbRunner.RequireWorker(parseResult, Worker, out var usage);
            if (worker is null)
            {
                return Task.FromResult(usage);
            }
            // A demo worker holds its connection while it works: the hub watches it (persistent session).
            return VerbRunner.RunAsync(parseResult, "worker", worker, null, BatonSessionKind.Persistent, waits: true, async (session, json) =>
            {
                var ran = await new DemoWorker(session.Api, worker.Value, parseResult.GetValue(Repo)!, parseResult.GetValue(WorkTime) ?? TimeSpan.Zero).RunAsync(ct);
                if (!ran.IsOk)
                {
                    return Output.Fail(ran.Error, json);
                }
                Output.Json(ran.Value, CliJsonContext.Default.DemoWorkerStats);
                return 0;
            }, ct);
        });
        return command;
    }
}

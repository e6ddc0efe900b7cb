using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Run;
using Baton.Core.Errors;

namespace Baton.Cli.Commands;

/// <summary><c>baton run</c>: Baton starts the agents itself, one git worktree each.</summary>
internal static class RunCommand
{
    private static readonly Option<string> Agent = new("--agent")
    {
        Description = "The agent command, run with /bin/sh -c once per task in the worker's worktree, e.g. ./agent.sh or "
            + "'claude -p \"$(cat $BATON_TASK_PROMPT_FILE)\"'. The task is in $BATON_TASK_FILE (JSON).",
        Required = true,
        HelpName = "command",
    };

    private static readonly Option<int> Workers = CreateWorkers();
    private static readonly Option<string?> Plan = new("--plan") { Description = "Import this plan first (else run what the store holds).", HelpName = "file" };
    private static readonly Option<TimeSpan?> Timeout = CommonOptions.Duration("--timeout", "Time limit of one agent run; past it the run's process tree is killed and the attempt fails. Default 30m.");
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Print what would happen (tasks, worktrees, commands) and change nothing." };
    private static readonly Option<bool> NoMerge = new("--no-merge") { Description = "Do not merge done work into the current branch; keep each done task on branch baton/task/ID." };

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    public static Command Create()
    {
        var command = new Command("run", """
            Run a pool of agents on this git repository: a hub in this process (or --server, or the hub baton serve
            already runs on the store), the plan imported, and N workers, each with its own git worktree
            (.baton/worktrees/worker-K on branch baton/worker-K).
            A worker claims a task, runs the agent command on it (output in .baton/logs/), and unless the agent
            reported itself turns its exit code into a report: 0 -> commit, acceptance checks, merge into the current
            branch (fast-forward or merge commit), done; a merge conflict -> blocked with the paths; non-zero or
            over --timeout -> failed. Ends with the plan's summary; exit 0 when every task is done.
            BATON_RUN_TRACE=1 prints how long each phase of each task took, on stderr.
            Example: baton run --agent ./agent.sh --workers 3 --plan plan.json
            """);
        foreach (var option in new Option[] { Agent, Workers, Plan, Timeout, DryRun, NoMerge })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            var plan = parseResult.GetValue(Plan);
            if (plan is not null && !File.Exists(plan))
            {
                return Task.FromResult(Output.Fail(ErrorCode.BadRequest, $"--plan: no file {Path.GetFullPath(plan)}", json));
            }
            var options = new RunOptions
            {
                Agent = parseResult.GetValue(Agent)!,
                Workers = parseResult.GetValue(Workers),
                Plan = plan is null ? null : Path.GetFullPath(plan),
                Timeout = parseResult.GetValue(Timeout) ?? DefaultTimeout,
                DryRun = parseResult.GetValue(DryRun),
                NoMerge = parseResult.GetValue(NoMerge),
                Server = CommonOptions.ResolveServer(parseResult),
                Store = parseResult.GetValue(CommonOptions.Store),
                Json = json,
            };
            return VerbRunner.GuardAsync(json, () => new RunPool(options).RunAsync(ct), ct);
        });
        return command;
    }

    private static Option<int> CreateWorkers()
    {
        var option = new Option<int>("--workers") { Description = "Workers (agents running at once), 1-32. Default 2.", DefaultValueFactory = _ => 2 };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 32)
            {
                result.AddError("--workers must be 1 to 32");
            }
        });
        return option;
    }
}

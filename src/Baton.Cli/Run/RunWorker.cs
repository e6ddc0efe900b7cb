using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Baton.Cli.Rendering;
using Baton.Core.Api;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Run;

/// <summary>
/// One worker of <c>baton run</c>: claims a task, prepares its worktree, runs the agent command on it, and turns
/// the outcome into a report (unless the agent reported itself), merging done work into the main branch.
/// </summary>
internal sealed partial class RunWorker(RunContext context, IBatonApi api, string worktree, WorkerTally tally)
{
    private const int SummaryLines = 6;

    // Where the last IntegrateAsync put the work, for the live view (", fast-forward into main").
    private string _integrated = "";

    // The task the last report leased along with it (ReportRequest.Next), to work on next.
    private Assignment? _next;

    // True while the worktree holds no untracked file a reset would keep: it was just created, or the last task's
    // changes were all committed. Then the next reset skips `git clean`.
    private bool _committedAll = true;

    // When the phase being traced began (RunTrace); the loop is sequential, so one mark per worker.
    private long _mark = Stopwatch.GetTimestamp();

    private WorkerId Worker => new(tally.Worker);

    private string Branch => $"baton/{tally.Worker}";

    private GitRepository Repository => context.Repository;

    private RunView View => context.View;

    private async Task WorkOnAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        var task = assignment.Task;
        View.Line($"{tally.Worker} took {task.Id} (attempt {assignment.Attempt} of {task.MaxAttempts}): {task.Title}");
        try
        {
            var reset = await Repository.ResetToMainAsync(worktree, clean: !_committedAll, cancellationToken);
            Mark(task.Id.Value, "reset");
            if (!reset.IsOk)
            {
                await ReportAsync(assignment, ReportOutcome.Failed, $"baton run could not prepare the worktree: {reset.Error.Message}", null, [], cancellationToken);
                return;
            }
            _committedAll = false;
            var result = await RunAgentAsync(assignment, cancellationToken);
            tally.BusyMs += result.Duration.TotalMilliseconds;
            var stillOurs = await ReleaseStrayLeasesAsync(assignment, cancellationToken);
            Mark(task.Id.Value, "leases");
            if (!stillOurs)
            {
                await AfterAgentReportedAsync(assignment, await api.ShowTaskAsync(task.Id, cancellationToken), reset.Value, result, cancellationToken);
            }
            else if (result.TimedOut)
            {
                await ReportAsync(assignment, ReportOutcome.Failed, $"timed out after {ShortDuration.Format(context.Options.Timeout)}; the agent was killed",
                    Tail(result), [], cancellationToken);
            }
            else if (result.ExitCode != 0)
            {
                await ReportAsync(assignment, ReportOutcome.Failed, $"the agent exited {result.ExitCode}: {LastLines(result)}", Bounded(Tail(result)), [], cancellationToken);
            }
            else
            {
                await FinishDoneAsync(assignment, reset.Value, result, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Interrupted: give the task back now rather than leaving it leased until the lease runs out.
            await api.ReleaseAsync(new ReleaseRequest { TaskId = task.Id, Worker = Worker, Reason = "baton run was interrupted" }, CancellationToken.None);
            throw;
        }
    }

    private async Task<AgentRunResult> RunAgentAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        var id = assignment.Task.Id.Value;
        var taskFile = context.TaskFile(id, "json");
        var promptFile = context.TaskFile(id, "md");
        Directory.CreateDirectory(Path.GetDirectoryName(taskFile)!);
        await File.WriteAllTextAsync(taskFile, JsonSerializer.Serialize(assignment, BatonJsonContext.Default.Assignment) + "\n", cancellationToken);
        await File.WriteAllTextAsync(promptFile, Prompt(assignment), cancellationToken);
        Mark(id, "task-files");
        var environment = new Dictionary<string, string>
        {
            ["BATON_SERVER"] = context.ServerUrl,
            ["BATON_TOKEN"] = context.AgentTokens.GetValueOrDefault(tally.Worker) ?? "",
            ["BATON_WORKER"] = tally.Worker,
            ["BATON_TASK_ID"] = id,
            ["BATON_TASK_FILE"] = taskFile,
            ["BATON_TASK_PROMPT_FILE"] = promptFile,
            ["BATON_REPOSITORY"] = Repository.Root,
            ["BATON_WORKTREE"] = worktree,
            ["PATH"] = context.BinDirectory + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
        };
        using var beats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var heartbeats = HeartbeatAsync(assignment, beats.Token);
        try
        {
            return await AgentProcess.RunAsync(context.Options.Agent, worktree, environment,
                context.LogFile(id, assignment.Attempt), context.Options.Timeout, cancellationToken);
        }
        finally
        {
            await beats.CancelAsync();
            await heartbeats;
            Mark(id, "agent");
        }
    }

    /// <summary>Keeps the lease alive while the agent works (an agent may also heartbeat itself).</summary>
    private async Task HeartbeatAsync(Assignment assignment, CancellationToken cancellationToken)
    {
        var lease = assignment.Lease.ExpiresAt - assignment.Lease.ClaimedAt;
        var period = TimeSpan.FromTicks(Math.Clamp(lease.Ticks / 3, TimeSpan.TicksPerSecond, TimeSpan.TicksPerMinute));
        using var timer = new PeriodicTimer(period, TimeProvider.System);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var beat = await api.HeartbeatAsync(new HeartbeatRequest { Worker = Worker, Task = assignment.Task.Id }, cancellationToken);
                if (!beat.IsOk)
                {
                    return; // The agent reported, or the lease is gone: nothing left to keep alive.
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The agent finished.
        }
    }

    private void Mark(string task, string phase) => _mark = RunTrace.Phase(tally.Worker, task, phase, _mark);

    private static string Prompt(Assignment assignment) => $"""
        You are a Baton worker. Do the task below in the current directory (a git worktree of the repository).
        Change only the files the task allows. When you exit with status 0, Baton commits your changes, runs the
        task's acceptance checks and merges the work; exit non-zero if you could not do the task. You may also
        report yourself with the command at the end (then say blocked when a human must decide).

        {TaskText.Assignment(assignment, TimeProvider.System.GetUtcNow())}

        """;

    private static string LastLines(AgentRunResult result)
    {
        var lines = result.Tail.Where(l => !string.IsNullOrWhiteSpace(l)).TakeLast(SummaryLines).Select(l => l.Trim()).ToList();
        return lines.Count == 0 ? "(no output)" : string.Join(" / ", lines);
    }

    private static string Tail(AgentRunResult result) => $"log: {result.LogPath}\n" + string.Join('\n', result.Tail);

    // A report's notes become the next attempt's feedback, and the hub refuses notes over its limit (16 KiB by
    // default): keep the start (which checks failed) and the end (where a traceback ends), cut the middle.
    private const int NotesLimit = 12 * 1024;
    private const int NotesHead = 2 * 1024;

    internal static string Bounded(string notes)
        => notes.Length <= NotesLimit
            ? notes
            : string.Create(CultureInfo.InvariantCulture,
                $"{notes[..NotesHead]}\n[... {notes.Length - NotesLimit} characters cut ...]\n{notes[^(NotesLimit - NotesHead)..]}");

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s";
}

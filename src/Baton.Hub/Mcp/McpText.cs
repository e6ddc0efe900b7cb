using System.Globalization;
using System.Text;
using Baton.Core.Api;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Core.Time;

namespace Baton.Hub.Mcp;

/// <summary>
/// Plain-text renderings for a model: what happened, then what to do next, naming the tools to call.
/// A result's <c>structuredContent</c> carries its data as JSON; these carry everything a model acts on, since many
/// clients hand the model only the text.
/// </summary>
internal static class McpText
{
    public static string Assignment(Assignment assignment, DateTimeOffset now)
    {
        var task = assignment.Task;
        var lease = assignment.Lease;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"You now hold task {task.Id}: {task.Title}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"attempt {assignment.Attempt} of {task.MaxAttempts}; lease {lease.Id} for {lease.Worker}, expires {lease.ExpiresAt:u} (in {Durations.Format(Whole(lease.ExpiresAt - now))})");
        AppendBody(text, task);
        if (assignment.History.Count > 0)
        {
            text.AppendLine().AppendLine("Earlier attempts (learn from them; do not repeat what failed):");
            foreach (var attempt in assignment.History)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  #{attempt.Number} {attempt.Worker}: {attempt.Ending ?? "live"}{(attempt.Note is { } n ? $": {n}" : "")}");
            }
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"During long work call heartbeat (task_id \"{task.Id}\", a short progress note) before the lease expires.");
        text.Append(CultureInfo.InvariantCulture,
            $"When finished call report_task (task_id \"{task.Id}\", outcome done|failed|blocked, summary, files you changed, context_score 1-5).");
        return text.ToString();
    }

    public static string TaskList(IReadOnlyList<TaskItem> tasks)
    {
        if (tasks.Count == 0)
        {
            return "no tasks";
        }
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{tasks.Count} task(s):");
        foreach (var task in tasks)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n- {task.Id} [{task.State.ToWire()}] {task.Title}");
            if (task.CurrentLease is { } lease)
            {
                text.Append(CultureInfo.InvariantCulture, $" (held by {lease.Worker})");
            }
            if (task.StateReason is { } reason)
            {
                text.Append(CultureInfo.InvariantCulture, $" ({reason})");
            }
        }
        return text.ToString();
    }

    public static string Detail(TaskDetail detail)
    {
        var task = detail.Task;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"task {task.Id}: {task.Title}");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"state {task.State.ToWire()}{(task.StateReason is { } r ? $" ({r})" : "")}; priority {task.Priority}; attempts {task.Attempts}/{task.MaxAttempts}");
        if (task.CurrentLease is { } lease)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"leased to {lease.Worker} until {lease.ExpiresAt:u}");
        }
        AppendBody(text, task);
        AppendList(text, "attempts", detail.Attempts.Select(a =>
            $"#{a.Number} {a.Worker} -> {a.Ending ?? "live"}{(a.Note is { } n ? $": {n}" : "")}"));
        AppendList(text, "reports", detail.Reports.Select(rep =>
            $"#{rep.Attempt} {rep.Worker} {rep.Outcome.ToWire()}{(rep.Late ? " (late, not applied)" : "")}"
            + $"{(rep.ContextScore is { } s ? $" context {s}/5" : "")}: {rep.Summary}"
            + (rep.Files.Count > 0 ? $" [files: {string.Join(", ", rep.Files)}]" : "")
            + (rep.Notes is { } notes ? $" notes: {notes}" : "")));
        return text.ToString().TrimEnd();
    }

    public static string Status(StatusSnapshot status)
    {
        if (status.Total == 0)
        {
            return "no tasks yet: create some with create_tasks";
        }
        var counts = TaskStates.All
            .Select(s => s.ToWire())
            .Where(s => status.Counts.TryGetValue(s, out var n) && n > 0)
            .Select(s => $"{status.Counts[s]} {s}");
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"{status.Done}/{status.Total} done ({status.Progress:P0}){(status.Complete ? ", plan complete" : "")}; {string.Join(", ", counts)}");
        foreach (var worker in status.Workers)
        {
            var current = worker.CurrentTasks.Count == 0 ? "idle" : "on " + string.Join(", ", worker.CurrentTasks);
            text.Append(CultureInfo.InvariantCulture, $"\nworker {worker.Name}: {current}, {worker.Health}, {worker.Done} done, {worker.Failed} failed");
        }
        foreach (var waiting in status.Waiting)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nwaiting {waiting.TaskId} ({waiting.State}): {waiting.Reason}");
        }
        return text.ToString();
    }

    public static string Imported(ImportResult result)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture,
            $"created {result.Imported.Count} task(s) in plan {result.Plan}: {string.Join(", ", result.Imported)}");
        foreach (var warning in result.Warnings)
        {
            text.Append("\nwarning: ").Append(warning);
        }
        return text.ToString();
    }

    public static string Reported(ReportResult result, DateTimeOffset now)
    {
        var task = result.Task;
        var what = task.State switch
        {
            TaskState.Done => "The task is done.",
            TaskState.Ready => "The task goes back to ready for another attempt.",
            TaskState.Escalated => "The task now waits for a human decision.",
            _ => "",
        };
        var then = result switch
        {
            { Next: { } next } => "\n\n" + Assignment(next, now),
            { NoNext: { } why } => $" No next task: {why}. Call claim_task to wait for one.",
            _ => " Call claim_task for the next one.",
        };
        return $"reported {task.Id} {result.Report.Outcome.ToWire()}{(result.Replayed ? " (already recorded)" : "")}; task is now {task.State.ToWire()}{(task.StateReason is { } r ? $" ({r})" : "")}.{Checks(result.Checks)}{(what.Length > 0 ? " " + what : "")}{then}";
    }

    // Each failed check's name and message; their output goes to the next attempt's claim.
    private static string Checks(Baton.Core.Checks.CheckReport? checks)
    {
        // A pass is in the task's state reason ("passed its 2 acceptance checks") already.
        if (checks is null || checks.Passed)
        {
            return "";
        }
        var failures = checks.Failures.ToList();
        return $" Checks failed ({failures.Count} of {checks.Results.Count}): "
            + string.Join("; ", failures.Select(f => $"{f.Name}: {f.Message}")) + ".";
    }

    public static string Heartbeat(HeartbeatResult result, WorkerId worker)
        => result.Renewed.Count == 0
            ? $"{worker} is alive and holds no lease"
            : string.Join('\n', result.Renewed.Select(l => $"renewed {l.TaskId} (lease {l.LeaseId}) until {l.ExpiresAt:u}"));

    public static string Released(TaskItem task) => $"released {task.Id}; it is now {task.State.ToWire()}";

    public static string Wait(WaitResult result)
    {
        if (result.Finished.Count + result.Escalated.Count + result.Open.Count == 0)
        {
            return "no tasks to wait for: create some with create_tasks";
        }
        var text = new StringBuilder(result.Complete
            ? "every task you waited for is finished"
            : result.Open.Count == 0
                ? "nothing left will move without a human: escalated tasks need a decision"
                : $"timed out with {result.Open.Count} task(s) still open");
        AppendGroup(text, "finished", result.Finished);
        AppendGroup(text, "escalated (need a human decision)", result.Escalated);
        AppendGroup(text, "still open", result.Open);
        return text.ToString();
    }

    private static void AppendGroup(StringBuilder text, string title, IReadOnlyList<TaskBrief> tasks)
    {
        if (tasks.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{title}: ")
                .AppendJoin(", ", tasks.Select(t => $"{t.Id} ({t.State.ToWire()})"));
        }
    }

    private static void AppendBody(StringBuilder text, TaskItem task)
    {
        AppendBlock(text, "description", task.Description);
        AppendBlock(text, "context", task.Context);
        AppendList(text, "context files (read first)", task.ContextFiles);
        AppendList(text, "acceptance", task.Acceptance.Select(a => a.ToString()));
        AppendList(text, "files you may change", task.Files);
        AppendList(text, "depends on", task.DependsOn.Select(d => d.Value));
    }

    private static void AppendBlock(StringBuilder text, string title, string body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{title}:");
            foreach (var line in body.Split('\n'))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {line.TrimEnd('\r')}");
            }
        }
    }

    private static void AppendList(StringBuilder text, string title, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{title}:");
            foreach (var item in list)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  - {item}");
            }
        }
    }

    private static TimeSpan Whole(TimeSpan span) => TimeSpan.FromSeconds(Math.Max(0, Math.Round(span.TotalSeconds)));
}

using System.Text;
using Baton.Core.Checks;
using Baton.Core.Tasks;

namespace Baton.Cli.Rendering;

/// <summary>Plain-text forms of tasks, written for both people and agents reading stdout.</summary>
internal static class TaskText
{
    public static string Table(IReadOnlyList<TaskItem> tasks)
    {
        if (tasks.Count == 0)
        {
            return "no tasks";
        }
        string[] header = ["ID", "STATE", "PRI", "WORKER", "ATTEMPTS", "TITLE"];
        var rows = tasks.Select(t => new[]
        {
            t.Id.Value, t.State.ToWire(), t.Priority.ToString(System.Globalization.CultureInfo.InvariantCulture),
            t.CurrentLease?.Worker.Value ?? "-", $"{t.Attempts}/{t.MaxAttempts}", t.Title,
        }).ToList();
        var widths = Enumerable.Range(0, header.Length - 1)
            .Select(i => Math.Max(header[i].Length, rows.Max(r => r[i].Length)))
            .ToArray();
        var text = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < widths.Length; i++)
            {
                text.Append(row[i].PadRight(widths[i] + 2));
            }
            text.AppendLine(row[^1]);
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>A claimed task in full, ending with the exact command to report it.</summary>
    public static string Assignment(Assignment assignment, DateTimeOffset now)
    {
        var task = assignment.Task;
        var lease = assignment.Lease;
        var text = new StringBuilder();
        text.AppendLine($"task {task.Id}: {task.Title}");
        text.AppendLine($"attempt {assignment.Attempt} of {task.MaxAttempts}; lease {lease.Id} held by {lease.Worker}, expires {lease.ExpiresAt:u} (in {ShortDuration.Format(lease.ExpiresAt - now)})");
        AppendBody(text, task);
        if (assignment.History.Count > 0)
        {
            text.AppendLine().AppendLine("earlier attempts:");
            foreach (var attempt in assignment.History)
            {
                text.AppendLine($"  #{attempt.Number} {attempt.Worker}: {attempt.Ending ?? "live"}{(attempt.Note is { } n ? $": {n}" : "")}");
            }
        }
        if (assignment.Feedback is { Length: > 0 } feedback)
        {
            text.AppendLine().AppendLine("feedback from the last attempt (fix these first):");
            foreach (var line in feedback.TrimEnd().Split('\n'))
            {
                text.AppendLine("  " + line);
            }
        }
        text.AppendLine();
        text.AppendLine($"renew during long work: baton heartbeat --worker {lease.Worker} --task {task.Id} --note \"progress\"");
        text.Append($"when finished:           baton report {task.Id} --worker {lease.Worker} --outcome done|failed|blocked --summary \"...\" --files PATH --context-score 1-5");
        return text.ToString();
    }

    public static string Detail(TaskDetail detail)
    {
        var task = detail.Task;
        var text = new StringBuilder();
        text.AppendLine($"task {task.Id}: {task.Title}");
        text.AppendLine($"state {task.State.ToWire()}{(task.StateReason is { } r ? $" ({r})" : "")}; priority {task.Priority}; attempts {task.Attempts}/{task.MaxAttempts}; plan {task.Plan ?? "-"}");
        if (task.CurrentLease is { } lease)
        {
            text.AppendLine($"leased to {lease.Worker} (lease {lease.Id}) until {lease.ExpiresAt:u}");
        }
        AppendBody(text, task);
        AppendList(text, "dependents", detail.Dependents.Select(d => d.Value));
        AppendList(text, "attempts", detail.Attempts.Select(a =>
            $"#{a.Number} {a.Worker} {a.ClaimedAt:u} -> {a.Ending ?? "live"}{(a.Note is { } n ? $": {n}" : "")}" + ChecksOf(a)));
        AppendList(text, "reports", detail.Reports.Select(rep =>
            $"#{rep.Attempt} {rep.Worker} {rep.Outcome.ToString().ToLowerInvariant()}{(rep.Late ? " (late, not applied)" : "")}"
            + $"{(rep.ContextScore is { } s ? $" context {s}/5" : "")}: {rep.Summary}"
            + (rep.Files.Count > 0 ? $" [files: {string.Join(", ", rep.Files)}]" : "")
            + (rep.Notes is { } notes ? $" notes: {notes}" : "")));
        AppendList(text, "events", detail.Events.Select(EventText.Line));
        return text.ToString().TrimEnd();
    }

    // The checks run on an attempt's done report, one line each under it: what a task that passed them was held to.
    private static string ChecksOf(AttemptRecord attempt)
    {
        if (attempt.Checks is not { Results.Count: > 0 } checks)
        {
            return "";
        }
        var passed = checks.Results.Count(r => r.Passed);
        var text = new StringBuilder();
        text.Append($"\n    checks: {passed} of {checks.Results.Count} passed");
        foreach (var result in checks.Results)
        {
            text.Append($"\n      {(result.Passed ? "pass" : "FAIL")} [{result.Kind?.ToWire() ?? "invalid"}] {result.Name}: {result.Message}");
        }
        return text.ToString();
    }

    private static void AppendBody(StringBuilder text, TaskItem task)
    {
        AppendBlock(text, "description", task.Description);
        AppendBlock(text, "context", task.Context);
        AppendList(text, "context files (read first)", task.ContextFiles);
        AppendList(text, "acceptance", task.Acceptance.Select(a => a.ToString()));
        AppendList(text, "files you may change", task.Files);
        AppendList(text, "depends on", task.DependsOn.Select(d => d.Value));
        AppendList(text, "labels", task.Labels);
    }

    private static void AppendBlock(StringBuilder text, string title, string body)
    {
        if (!string.IsNullOrWhiteSpace(body))
        {
            text.AppendLine().AppendLine($"{title}:");
            foreach (var line in body.Split('\n'))
            {
                text.AppendLine($"  {line.TrimEnd('\r')}");
            }
        }
    }

    private static void AppendList(StringBuilder text, string title, IEnumerable<string> items)
    {
        var list = items.ToList();
        if (list.Count > 0)
        {
            text.AppendLine().AppendLine($"{title}:");
            foreach (var item in list)
            {
                text.AppendLine($"  - {item}");
            }
        }
    }
}

using System.Globalization;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Baton.Cli.Rendering;

/// <summary>The status screen: counts, a progress bar, one row per worker, and what waits on what.</summary>
internal static class StatusView
{
    private const int BarWidth = 30;

    public static IRenderable Render(StatusSnapshot status, string location, DateTimeOffset now)
    {
        var rows = new List<IRenderable>
        {
            new Markup($"[bold]baton[/] {TerminalText.Markup(location)}"),
        };
        if (status.Store is { } store)
        {
            // A hub's answer: which store it serves (another repository's hub may hold the port this one expects).
            rows.Add(new Markup(TerminalText.Markup($"serves {store}")));
        }
        rows.Add(new Markup(TerminalText.Markup(Counts(status))));
        rows.Add(new Markup(Bar(status, now)));
        if (status.Workers.Count > 0)
        {
            rows.Add(Workers(status, now));
        }
        else
        {
            rows.Add(new Markup("[grey]no workers yet: a worker appears when it first claims[/]"));
        }
        var escalated = status.Waiting.Where(w => w.State == "escalated").ToList();
        var escalatedCount = Math.Max(escalated.Count, status.Counts.TryGetValue("escalated", out var n) ? n : 0);
        if (escalatedCount > 0)
        {
            rows.Add(new Markup($"[bold red]needs you[/] ({escalatedCount} escalated): 'baton inbox' shows each with its context and your choices"));
            foreach (var task in escalated)
            {
                rows.Add(new Markup(TerminalText.Markup($"  {task.TaskId}: {task.Reason}")));
            }
        }
        var others = status.Waiting.Where(w => w.State != "escalated").ToList();
        if (others.Count > 0)
        {
            rows.Add(new Markup($"[bold]waiting[/] ({others.Count})"));
            foreach (var waiting in others)
            {
                rows.Add(new Markup(TerminalText.Markup($"  {waiting.TaskId} ({waiting.State}): {waiting.Reason}")));
            }
        }
        return new Rows(rows);
    }

    public static string Counts(StatusSnapshot status)
    {
        var parts = TaskStates.All
            .Select(s => s.ToWire())
            .Where(s => status.Counts.TryGetValue(s, out var n) && n > 0)
            .Select(s => $"{status.Counts[s]} {s}");
        return status.Total == 0 ? "no tasks" : $"{status.Total} task(s): {string.Join(", ", parts)}";
    }

    private static string Bar(StatusSnapshot status, DateTimeOffset now)
    {
        var progress = Math.Clamp(status.Progress, 0, 1);
        var filled = (int)Math.Round(progress * BarWidth);
        var state = status.Complete ? " [green]complete[/]" : "";
        var running = status.StartedAt is { } started ? $", running {ShortDuration.Format(now - started)}" : "";
        var eta = status.EtaMs is { } ms && !status.Complete ? $", about {ShortDuration.Format(TimeSpan.FromMilliseconds(ms))} left" : "";
        return $"[green]{new string('#', filled)}[/][grey]{new string('-', BarWidth - filled)}[/] {progress:P0} ({status.Done}/{status.Total} done{running}{eta}){state}";
    }

    // One row per worker: what it holds now, what it has finished, how long it has been busy on leases
    // that ended, and how recently it was heard ("(hub)" when a hub connection is open for it).
    private static Table Workers(StatusSnapshot status, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in new[] { "worker", "state", "health", "current task", "done", "failed", "busy", "last seen" })
        {
            table.AddColumn(column);
        }
        foreach (var w in status.Workers)
        {
            var health = w.Health switch
            {
                "alive" => "[green]alive[/]",
                "late" => "[yellow]late[/]",
                _ => $"[red]{TerminalText.Markup(w.Health)}[/]",
            };
            table.AddRow(
                TerminalText.Markup(w.Name.Value),
                TerminalText.Markup(w.State),
                w.Connected ? health + " (hub)" : health,
                TerminalText.Markup(w.CurrentTasks.Count == 0 ? "-" : string.Join(", ", w.CurrentTasks)),
                w.Done.ToString(CultureInfo.InvariantCulture),
                w.Failed == 0 ? "0" : $"[red]{w.Failed.ToString(CultureInfo.InvariantCulture)}[/]",
                w.BusyMs == 0 ? "-" : ShortDuration.Format(TimeSpan.FromMilliseconds(w.BusyMs)),
                $"{ShortDuration.Format(now - w.LastSeen)} ago");
        }
        return table;
    }
}

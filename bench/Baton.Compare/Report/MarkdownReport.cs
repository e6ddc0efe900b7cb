using System.Globalization;
using System.Text;
using Baton.Compare.Cli;

namespace Baton.Compare.Report;

/// <summary>Renders the measured rows as markdown.</summary>
internal static class MarkdownReport
{
    public static string Render(MachineInfo machine, string loadBefore, string loadAfter, CompareOptions options,
        IReadOnlyList<PeerRow> peers, IReadOnlyList<CliRow>? cli)
    {
        var text = new StringBuilder();
        text.AppendLine("## Baton.Compare: queues side by side");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"- commit: {machine.Commit}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- machine: {machine.Machine}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- load average (1/5/15 min): {loadBefore} at start, {loadAfter} at end");
        text.AppendLine(CultureInfo.InvariantCulture, $"- date: {machine.Date}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- versions: {machine.Versions}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- disk under the scratch folder: {machine.Fsync}");
        text.AppendLine(CultureInfo.InvariantCulture, $"- workload: lifecycle {options.Tasks} preloaded tasks per run; handoff {options.Samples} samples; data under {Servers.ScratchDirectory.Root}");
        if (peers.Count > 0)
        {
            text.AppendLine();
            RenderPeers(text, options.Consumers, peers);
        }
        if (cli is { Count: > 0 })
        {
            text.AppendLine();
            RenderCli(text, cli, options.Runs);
        }
        return text.ToString();
    }

    private static void RenderPeers(StringBuilder text, IReadOnlyList<int> consumers, IReadOnlyList<PeerRow> peers)
    {
        text.Append("| peer | durability promise |");
        foreach (var c in consumers)
        {
            text.Append(CultureInfo.InvariantCulture, $" lifecycle {c} consumer{(c == 1 ? "" : "s")} (tasks/s) |");
        }
        text.AppendLine(" handoff p50 / p99 / max (µs) |");
        text.Append("| --- | --- |");
        text.Append(string.Concat(consumers.Select(_ => " ---: |")));
        text.AppendLine(" ---: |");
        foreach (var peer in peers)
        {
            // A row without a figure says why: pending (not built yet) or failed (see the notes below).
            var missing = peer.Problem is null ? "–" : peer.Problem.StartsWith("pending", StringComparison.Ordinal) ? "pending" : "failed";
            text.Append(CultureInfo.InvariantCulture, $"| {peer.Name} | {peer.Durability} |");
            foreach (var c in consumers)
            {
                text.Append(peer.Lifecycle.TryGetValue(c, out var rate) ? string.Create(CultureInfo.InvariantCulture, $" {rate:N0} |") : $" {missing} |");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $" {peer.Handoff?.ToString() ?? missing} |");
        }
        text.AppendLine();
        foreach (var peer in peers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {peer.Name}: {peer.Client}{(peer.Problem is null ? "" : "; **" + peer.Problem + "**")}");
        }
    }

    private static void RenderCli(StringBuilder text, IReadOnlyList<CliRow> rows, int runs)
    {
        var fastestNpm = rows.Where(r => r.IsNpmPeer && r.MedianMs is not null).Select(r => r.MedianMs!.Value).DefaultIfEmpty(double.NaN).Min();
        text.AppendLine(CultureInfo.InvariantCulture, $"CLI call latency (hyperfine --warmup {Hyperfine.Warmup} --runs {runs} --shell=none, warm):");
        text.AppendLine();
        text.AppendLine("| tool | command | median (ms) | min (ms) | max (ms) | vs fastest npm peer |");
        text.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var row in rows)
        {
            if (row.Unavailable is { } reason)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Peer} | `{row.Command}` | unavailable: {reason.Replace('|', '/')} | | | |");
                continue;
            }
            var ratio = row.MedianMs!.Value / fastestNpm;
            var versus = double.IsNaN(ratio) ? "–"
                : ratio < 1 ? string.Create(CultureInfo.InvariantCulture, $"{1 / ratio:F1}x faster")
                : string.Create(CultureInfo.InvariantCulture, $"{ratio:F2}x");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Peer} | `{row.Command}` | {row.MedianMs:F1} | {row.MinMs:F1} | {row.MaxMs:F1} | {versus} |");
        }
        foreach (var row in rows.Where(r => r.Note is not null))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"- `{row.Command}`: {row.Note}");
        }
    }
}

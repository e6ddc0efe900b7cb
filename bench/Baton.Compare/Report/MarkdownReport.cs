using System.Globalization;
using System.Text;
using Baton.Compare.Cli;
using Baton.Compare.Peers;
using Baton.Compare.Workloads;

namespace Baton.Compare.Report;

/// <summary>Renders the measured rows as markdown.</summary>
internal static class MarkdownReport
{
    public static string Render(MachineInfo machine, string loadBefore, string loadAfter, CompareOptions options,
        IReadOnlyList<PeerRow> peers, IReadOnlyList<CliRow>? cli, ResourcesResult? resources = null, ScaleResult? scale = null,
        FailoverResult? failover = null)
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
        text.AppendLine(CultureInfo.InvariantCulture, $"- workload: lifecycle {options.Tasks} preloaded tasks per run, after an untimed warm-up of {options.Warmup} tasks per row{(options.Rounds > 1 ? $", {options.Rounds} rounds (rows take turns; a cell is the median, with the range)" : "")}; handoff {options.Samples} samples; data under {Servers.ScratchDirectory.Root}");
        if (peers.Count > 0)
        {
            text.AppendLine();
            RenderPeers(text, options.Consumers, peers);
            text.AppendLine();
            RenderCpu(text, options.Consumers, peers);
            RenderServerCpu(text, options.Consumers, peers);
            if (options.Rounds > 1)
            {
                text.AppendLine();
                RenderRounds(text, options, peers);
            }
            if (peers.Any(p => p.Name.StartsWith("baton-pg-", StringComparison.Ordinal)))
            {
                text.AppendLine();
                RenderPostgresTargets(text, options, peers);
            }
        }
        if (failover is not null)
        {
            text.AppendLine();
            RenderFailover(text, failover);
        }
        if (resources is not null)
        {
            text.AppendLine();
            RenderResources(text, resources);
        }
        if (scale is not null)
        {
            text.AppendLine();
            RenderScale(text, scale);
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
                var rates = peer.Rates(c);
                text.Append(rates.Count > 0 ? $" {Cell(rates)} |" : $" {missing} |");
            }
            text.AppendLine(CultureInfo.InvariantCulture, $" {peer.Handoff?.ToString() ?? missing} |");
        }
        text.AppendLine();
        foreach (var peer in peers)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {peer.Name}: {peer.Client}{(peer.Problem is null ? "" : "; **" + peer.Problem + "**")}");
        }
    }

    // What each task cost the machine in CPU time, beside the throughput: throughput here is bound by round trips
    // and wake-ups as much as by CPU, and moves more from run to run; CPU per task says what the work costs.
    private static void RenderCpu(StringBuilder text, IReadOnlyList<int> consumers, IReadOnlyList<PeerRow> peers)
    {
        var measured = peers.Where(p => p.Lifecycle.Count > 0).ToList();
        if (measured.Count == 0)
        {
            return;
        }
        text.AppendLine("CPU per task over the timed lifecycle (µs, median of the rounds): the whole machine (every process and the kernel's "
            + "threads; idle, I/O wait and steal not counted) / of it the harness process (the clients, and the store or hub of the rows that run it in-process):");
        text.AppendLine();
        text.Append("| row |");
        foreach (var c in consumers)
        {
            text.Append(CultureInfo.InvariantCulture, $" {c} consumer{(c == 1 ? "" : "s")}: machine / harness |");
        }
        text.AppendLine();
        text.Append("| --- |").Append(string.Concat(consumers.Select(_ => " ---: |"))).AppendLine();
        foreach (var peer in measured)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {peer.Name} |");
            foreach (var c in consumers)
            {
                if (!peer.Lifecycle.TryGetValue(c, out var rounds))
                {
                    text.Append(" – |");
                    continue;
                }
                var machine = rounds.Where(r => r.MachineCpuUs is not null).Select(r => r.MachineCpuUs!.Value).ToList();
                var machineText = machine.Count > 0 ? PeerRow.Median(machine).ToString("F0", CultureInfo.InvariantCulture) : "–";
                text.Append(CultureInfo.InvariantCulture, $" {machineText} / {PeerRow.Median(rounds.ConvertAll(r => r.HarnessCpuUs)):F0} |");
            }
            text.AppendLine();
        }
    }

    // Where the machine's time went for the rows whose servers are processes of their own: PostgreSQL's processes and
    // `baton serve`'s, at the most consumers (a row with neither is left out).
    private static void RenderServerCpu(StringBuilder text, IReadOnlyList<int> consumers, IReadOnlyList<PeerRow> peers)
    {
        var c = consumers.Max();
        var rows = peers.Where(p => p.Lifecycle.TryGetValue(c, out var runs) && runs.Any(r => r.PostgresCpuUs > 0 || r.BatonCpuUs > 0)).ToList();
        if (rows.Count == 0)
        {
            return;
        }
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Of the machine's CPU per task at {c} consumers, the server processes' (µs, median of the rounds; /proc/PID/stat of the processes named postgres, and named baton, that the harness started):");
        text.AppendLine();
        text.AppendLine("| row | machine | PostgreSQL processes | `baton serve` processes | harness | PostgreSQL write transactions per task | WAL per task (bytes) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var peer in rows)
        {
            var runs = peer.Lifecycle[c];
            var machine = runs.Where(r => r.MachineCpuUs is not null).Select(r => r.MachineCpuUs!.Value).ToList();
            var transactions = runs.Where(r => r.PostgresTransactions is not null).Select(r => r.PostgresTransactions!.Value).ToList();
            var wal = runs.Where(r => r.PostgresWalBytes is not null).Select(r => r.PostgresWalBytes!.Value).ToList();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {peer.Name} | {(machine.Count > 0 ? PeerRow.Median(machine).ToString("F0", CultureInfo.InvariantCulture) : "–")} | {PeerRow.Median(runs.ConvertAll(r => r.PostgresCpuUs)):F0} | {PeerRow.Median(runs.ConvertAll(r => r.BatonCpuUs)):F0} | {PeerRow.Median(runs.ConvertAll(r => r.HarnessCpuUs)):F0} | {(transactions.Count > 0 ? PeerRow.Median(transactions).ToString("F2", CultureInfo.InvariantCulture) : "–")} | {(wal.Count > 0 ? PeerRow.Median(wal).ToString("N0", CultureInfo.InvariantCulture) : "–")} |");
        }
    }

    // The figure alone for one round; with more, the median and the range.
    private static string Cell(List<double> rounds) => rounds.Count == 1
        ? string.Create(CultureInfo.InvariantCulture, $"{rounds[0]:N0}")
        : string.Create(CultureInfo.InvariantCulture, $"{PeerRow.Median(rounds):N0} ({rounds.Min():N0}–{rounds.Max():N0})");

    // Each round's figures at the largest consumer count, and the hub rows against the durable peers the
    // targets name, round by round: a ratio within one round compares runs made minutes apart.
    private static void RenderRounds(StringBuilder text, CompareOptions options, IReadOnlyList<PeerRow> peers)
    {
        var c = options.Consumers.Max();
        var measured = peers.Where(p => p.Rates(c).Count == options.Rounds).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"Lifecycle with {c} consumers, round by round (tasks/s):");
        text.AppendLine();
        text.Append("| row |");
        for (var r = 1; r <= options.Rounds; r++)
        {
            text.Append(CultureInfo.InvariantCulture, $" round {r} |");
        }
        text.AppendLine(" median |");
        text.Append("| --- |").Append(string.Concat(Enumerable.Repeat(" ---: |", options.Rounds + 1))).AppendLine();
        foreach (var peer in measured)
        {
            var rounds = peer.Rates(c);
            text.Append(CultureInfo.InvariantCulture, $"| {peer.Name} |");
            text.Append(string.Concat(rounds.Select(v => string.Create(CultureInfo.InvariantCulture, $" {v:N0} |"))));
            text.AppendLine(CultureInfo.InvariantCulture, $" {PeerRow.Median(rounds):N0} |");
        }
        var hubs = measured.Where(p => p.Name.StartsWith("baton-hub", StringComparison.Ordinal) || p.Name.StartsWith("baton-serve", StringComparison.Ordinal)
            || p.Name.StartsWith("baton-pg-", StringComparison.Ordinal));
        var peersNamed = measured.Where(p => p.Name is "postgres" or "redis-always").ToList();
        foreach (var hub in hubs)
        {
            foreach (var peer in peersNamed)
            {
                var ratios = hub.Rates(c).Zip(peer.Rates(c), (h, p) => h / p).ToList();
                text.Append(CultureInfo.InvariantCulture, $"| {hub.Name} / {peer.Name} |");
                text.Append(string.Concat(ratios.Select(v => string.Create(CultureInfo.InvariantCulture, $" {v:F2}x |"))));
                text.AppendLine(CultureInfo.InvariantCulture, $" {PeerRow.Median(ratios):F2}x |");
            }
        }
    }

    // Issue 29's targets for the hubs on PostgreSQL: one hub at least 0.7x the raw SKIP LOCKED peer, more hubs not
    // lower than one (each judged on the medians of the per-round figures), and a cross-hub handoff p50 of 5 ms or less.
    private static void RenderPostgresTargets(StringBuilder text, CompareOptions options, IReadOnlyList<PeerRow> peers)
    {
        var c = options.Consumers.Max();
        var before = text.Length;
        var peer = peers.FirstOrDefault(p => p.Name == "postgres" && p.Rates(c).Count > 0);
        var one = peers.FirstOrDefault(p => p.Name == "baton-pg-1hub" && p.Rates(c).Count > 0);
        text.AppendLine(CultureInfo.InvariantCulture, $"Several hubs on PostgreSQL, against the targets (issue 29), {c} consumers:");
        text.AppendLine();
        before = text.Length;
        if (one is not null && peer is not null)
        {
            var ratios = one.Rates(c).Zip(peer.Rates(c), (h, p) => h / p).ToList();
            var median = PeerRow.Median(ratios);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- one hub / raw peer: {median:F2}x (rounds {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; target ≥ 0.70x): {(median >= 0.7 ? "met" : "**not met**")}");
        }
        if (one is not null)
        {
            foreach (var more in peers.Where(p => p.Name is "baton-pg-2hubs" or "baton-pg-3hubs" && p.Rates(c).Count > 0))
            {
                var ratios = more.Rates(c).Zip(one.Rates(c), (m, o) => m / o).ToList();
                var median = PeerRow.Median(ratios);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"- {more.Name} / baton-pg-1hub: {median:F2}x (rounds {string.Join(", ", ratios.Select(r => r.ToString("F2", CultureInfo.InvariantCulture)))}; target: not lower, ≥ 1.00x within the run's noise): {(median >= 0.95 ? "met" : "**not met**")}");
            }
        }
        foreach (var cross in peers.Where(p => p.Name is "baton-pg-2hubs" or "baton-pg-3hubs" && p.Handoff is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {cross.Name} cross-hub handoff (imported through the first hub, claimed through the last): p50 {cross.Handoff!.P50 / 1000:F2} ms, p99 {cross.Handoff.P99 / 1000:F2} ms (target p50 ≤ 5 ms): {(cross.Handoff.P50 <= 5000 ? "met" : "**not met**")}");
        }
        if (text.Length == before)
        {
            text.AppendLine("- not measured: the rows it needs (postgres, baton-pg-1hub) have no figures; see above");
        }
    }

    private static void RenderFailover(StringBuilder text, FailoverResult f)
    {
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Failover: two hubs on PostgreSQL (disconnect grace {f.Grace.TotalSeconds:0.###} s), {f.Workers} workers on the first, which gets SIGKILL mid-run; from just before the kill to each worker's next task through the second hub, {f.Rounds} rounds:");
        text.AppendLine();
        text.AppendLine("| samples | p50 (ms) | p99 (ms) | max (ms) | target (≤ grace + 1 s) |");
        text.AppendLine("| ---: | ---: | ---: | ---: | --- |");
        var missing = f.Problem is null ? "–" : "failed";
        text.AppendLine(f.Samples.Count == 0
            ? $"| 0 | {missing} | {missing} | {missing} | not measured |"
            : string.Create(CultureInfo.InvariantCulture, $"| {f.Samples.Count} | {f.Percentile(0.5):F0} | {f.Percentile(0.99):F0} | {f.Samples.Max():F0} | {f.Target} |"));
        text.AppendLine();
        for (var i = 0; i < f.PerRound.Count; i++)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- round {i + 1}: {f.PerRound[i].DoneBeforeKill} tasks done before the kill; the slowest worker claimed again after {f.PerRound[i].SlowestMs:F0} ms");
        }
        if (f.Problem is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{f.Problem}**");
        }
    }

    private static void RenderResources(StringBuilder text, ResourcesResult r)
    {
        static string MiB(long kib) => string.Create(CultureInfo.InvariantCulture, $"{kib / 1024.0:F1}");
        var missing = r.Problem is null ? "–" : "failed";
        text.AppendLine("Resources: the hub as its own process, idle and with idle persistent workers connected (VmRSS from /proc/<pid>/status):");
        text.AppendLine();
        text.AppendLine("| hub | RSS idle (MiB) | workers connected | RSS with them (MiB) | per connection (KiB) | peak RSS (MiB) | threads idle / with workers | connect + hello (s) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var connect = r.ConnectTime is { } took && r.Connected > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{took.TotalSeconds:F1} ({r.Connected / took.TotalSeconds:N0} hellos/s)")
            : missing;
        var idle = r.Idle is { } i ? MiB(i.RssKiB) : missing;
        var loaded = r.Loaded is { } l ? MiB(l.RssKiB) : missing;
        var per = r.PerConnectionKiB is { } p ? p.ToString("F1", CultureInfo.InvariantCulture) : missing;
        var peak = (r.Loaded ?? r.Idle) is { } last ? MiB(last.PeakRssKiB) : missing;
        var threads = $"{r.Idle?.Threads.ToString(CultureInfo.InvariantCulture) ?? missing} / {r.Loaded?.Threads.ToString(CultureInfo.InvariantCulture) ?? missing}";
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {r.Hub} | {idle} | {r.Connected:N0} of {r.Requested:N0} | {loaded} | {per} | {peak} | {threads} | {connect} |");
        text.AppendLine();
        if (r.Loaded is { } withWorkers)
        {
            var verdict = r.Connected >= TargetWorkers
                ? string.Create(CultureInfo.InvariantCulture,
                    $"{(withWorkers.RssKiB < 1024 * 1024 ? "met" : "**not met**")} ({MiB(withWorkers.RssKiB)} MiB with {r.Connected:N0})")
                : string.Create(CultureInfo.InvariantCulture,
                    $"not measured, only {r.Connected:N0} connected (idle + 10,000 x per connection would be {(r.Idle!.RssKiB + (r.PerConnectionKiB ?? 0) * TargetWorkers) / 1024:F0} MiB)");
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- target: under 1 GiB with 10,000 workers: {verdict}; the hub held {withWorkers.OpenFiles:N0} open files");
        }
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- each worker: a raw WebSocket, `hello` as a persistent worker with its own name, its `welcome` checked; {r.InFlight} connecting at a time; RSS read once it moved < 1 % over 3 s{(r.LoadedSettle is { } settle ? string.Create(CultureInfo.InvariantCulture, $" ({settle.TotalSeconds:F0} s after the last welcome)") : "")}");
        if (r.CloseTime is { } closed)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- closing them afterwards (close handshakes, 64 at a time): {closed.TotalSeconds:F1} s");
        }
        text.AppendLine(CultureInfo.InvariantCulture,
            $"- open-files limit (soft/hard) {Limit(r.OpenFilesLimit.Soft)}/{Limit(r.OpenFilesLimit.Hard)}{(r.LimitNote is null ? "" : "; **" + r.LimitNote + "**")}");
        if (r.Problem is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{r.Problem}**");
        }
    }

    private const int TargetWorkers = 10_000;

    private static string Limit(long value) => value == long.MaxValue ? "unlimited" : value.ToString(CultureInfo.InvariantCulture);

    private static void RenderScale(StringBuilder text, ScaleResult s)
    {
        var samples = s.Rows.Select(r => r.Samples).DefaultIfEmpty(0).Min();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Scale: claim + report done, one consumer, in-process SqliteStore calls, {samples} samples per store and configuration (the two stores alternate; each claim finds the store's ready count; the stores are opened as `baton serve` opens its store, then as a one-shot CLI call does):");
        text.AppendLine();
        text.AppendLine("| store opened as | ready tasks in the store | preload (s) | store file (MiB) | claim + report p50 / p99 / max (µs) | claim p50 / p99 (µs) | report p50 / p99 (µs) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        var missing = s.Problem is null ? "–" : "failed";
        foreach (var row in s.Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {row.Configuration} | {row.Tasks:N0} | {row.Preload.TotalSeconds:F1} | {row.StoreBytes / 1024.0 / 1024.0:F1} | {row.Both?.ToString() ?? missing} | {Pair(row.Claim) ?? missing} | {Pair(row.Report) ?? missing} |");
        }
        text.AppendLine();
        foreach (var configuration in s.Rows.GroupBy(r => r.Configuration))
        {
            if (configuration.ToList() is [{ Both: { } small } first, .., { Both: { } big } last])
            {
                var p50 = big.P50 / small.P50;
                var p99 = big.P99 / small.P99;
                var target = p50 <= 2 && p99 <= 2 ? "met" : "**not met**";
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"- {configuration.Key}: {last.Tasks:N0} vs {first.Tasks:N0} tasks: p50 {p50:F2}x, p99 {p99:F2}x (target: within 2x): {target}");
            }
        }
        if (s.Note is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {s.Note}");
        }
        if (s.Problem is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- **{s.Problem}**");
        }
    }

    private static string? Pair(LatencySummary? summary)
        => summary is null ? null : string.Create(CultureInfo.InvariantCulture, $"{summary.P50:F0} / {summary.P99:F0}");

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

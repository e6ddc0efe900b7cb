using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace Baton.Ui;

/// <summary>A plan that moves at a steady number of events a second while a page follows it: how far behind the
/// page's view is (the hub's newest event against the last one the page drew), and how long its longest frame was.</summary>
internal static class EventLoad
{
    private const string Probe = """
        () => {
          window.__gaps = [];
          let last = performance.now();
          const tick = t => { window.__gaps.push(t - last); last = t; requestAnimationFrame(tick); };
          requestAnimationFrame(tick);
        }
        """;

    public static async Task RunAsync(IBrowser browser, int rate, int seconds, CancellationToken cancellationToken)
    {
        await using var hub = await BenchHub.StartAsync(cancellationToken);
        var tasks = rate * seconds;
        var plan = new StringBuilder("{\"plan\":\"load\",\"tasks\":[");
        for (var i = 0; i < tasks; i++)
        {
            plan.Append(i == 0 ? "" : ",").Append(CultureInfo.InvariantCulture, $"{{\"id\":\"l{i}\",\"title\":\"load task {i}\",\"labels\":[\"backend\"]}}");
        }
        await hub.PostAsync("/api/import", plan.Append("]}").ToString());
        var page = await hub.OpenAsync(browser);
        await page.ClickAsync("#tab-tasks");
        await page.EvaluateAsync(Probe);

        // A claim and a report are two events: rate / 2 pairs a second, evenly spread, from 4 workers.
        var seen = new List<(long Id, long At)>();
        var lags = new List<double>();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var newest = (await hub.GetAsync("/api/status")).GetProperty("last_event_id").GetInt64();
                lock (seen)
                {
                    if (seen.Count == 0 || seen[^1].Id < newest)
                    {
                        seen.Add((newest, Stopwatch.GetTimestamp()));
                    }
                }
                var cursor = long.Parse(await page.EvaluateAsync<string>("() => document.body.dataset.cursor || '0'"), CultureInfo.InvariantCulture);
                var now = Stopwatch.GetTimestamp();
                lock (seen)
                {
                    if (seen.Count > 0 && cursor < seen[^1].Id)
                    {
                        // The page is behind: by as long as the hub has had events the page has not drawn.
                        var firstMissing = seen.FindIndex(s => s.Id > cursor);
                        lags.Add(Stopwatch.GetElapsedTime(seen[firstMissing].At, now).TotalMilliseconds);
                    }
                    else
                    {
                        lags.Add(0);
                    }
                }
                await Task.Delay(50, CancellationToken.None);
            }
        }, CancellationToken.None);
        var interval = TimeSpan.FromSeconds(2.0 / rate);
        var started = Stopwatch.GetTimestamp();
        var events = 0L;
        for (var i = 0; i < tasks / 2 && Stopwatch.GetElapsedTime(started).TotalSeconds < seconds; i++)
        {
            var worker = $"w{i % 4}";
            var claim = await hub.ClaimAsync(worker);
            await hub.ReportAsync(worker, claim.GetProperty("task").GetProperty("id").GetString()!, "done", "ok");
            events += 2;
            var due = started + (long)((i + 1) * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = due - Stopwatch.GetTimestamp();
            if (wait > 0)
            {
                await Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
            }
        }
        var took = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await Task.Delay(1500, cancellationToken);
        stop.Cancel();
        await sampler;
        var gaps = (await page.EvaluateAsync<double[]>("() => window.__gaps")).ToList();
        Console.WriteLine($"{events} events in {took:0.0} s ({events / took:0} a second) while the page followed on its tasks view");
        Console.WriteLine($"page behind the hub: median {Program.Ms(Program.Median(lags))} ms, p95 {Program.Ms(Percentile(lags, 0.95))} ms, max {Program.Ms(lags.Max())} ms");
        Console.WriteLine($"animation frames: {gaps.Count}, median gap {Program.Ms(Program.Median(gaps))} ms, p99 {Program.Ms(Percentile(gaps, 0.99))} ms, longest {Program.Ms(gaps.Max())} ms, over 50 ms: {gaps.Count(g => g > 50)}");
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(p * sorted.Count))];
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Playwright;

namespace Baton.Ui;

/// <summary>How long a big plan takes to show: from the navigation to the sign-in link until the overview is drawn
/// (the page's <c>data-ready</c>), and until the tasks table shows its first rows.</summary>
internal static class FirstView
{
    public static async Task RunAsync(IBrowser browser, int tasks, int runs, CancellationToken cancellationToken)
    {
        await using var hub = await BenchHub.StartAsync(cancellationToken);
        var imported = Stopwatch.StartNew();
        // Plans are imported in pieces of 2,000 (the plan limits); dependencies chain within each piece.
        for (var start = 0; start < tasks; start += 2000)
        {
            await hub.PostAsync("/api/import", Plan(start, Math.Min(2000, tasks - start)));
        }
        Console.WriteLine($"imported {tasks} tasks in {imported.ElapsedMilliseconds} ms");
        // Some of the plan has moved, so the board holds leases and done tasks.
        for (var i = 0; i < 20; i++)
        {
            var claim = await hub.ClaimAsync($"w{i % 8}");
            if (i % 2 == 0)
            {
                await hub.ReportAsync($"w{i % 8}", claim.GetProperty("task").GetProperty("id").GetString()!, "done", "done", 4);
            }
        }
        var firstView = new List<double>();
        var table = new List<double>();
        var bytes = 0;
        var boardMs = new List<double>();
        for (var run = 0; run <= runs; run++)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
            var page = await context.NewPageAsync();
            var url = await hub.LoginUrlAsync();
            var started = Stopwatch.GetTimestamp();
            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
            await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 60_000 });
            var ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var clicked = Stopwatch.GetTimestamp();
            await page.ClickAsync("#tab-tasks");
            await page.WaitForSelectorAsync(".vt-row", new PageWaitForSelectorOptions { Timeout = 60_000 });
            var rows = Stopwatch.GetElapsedTime(clicked).TotalMilliseconds;
            // The board's own share: its request as the browser timed it (sent to last byte).
            var board = await page.EvaluateAsync<double>("() => performance.getEntriesByType('resource').find(e => e.name.endsWith('/api/board')).duration");
            bytes = await page.EvaluateAsync<int>("() => fetch('/api/board', { headers: { 'X-Baton-Page': '1' } }).then(r => r.text()).then(t => t.length)");
            var domRows = await page.Locator(".vt-row").CountAsync();
            await context.CloseAsync();
            if (run == 0)
            {
                Console.WriteLine($"warm-up: first view {Program.Ms(ready)} ms, tasks table {Program.Ms(rows)} ms ({domRows} rows in the DOM)");
                continue; // the first run starts the browser's renderer and the hub's JIT
            }
            firstView.Add(ready);
            table.Add(rows);
            boardMs.Add(board);
            Console.WriteLine($"run {run}: first view {Program.Ms(ready)} ms (of which /api/board {Program.Ms(board)} ms), tasks table {Program.Ms(rows)} ms ({domRows} rows in the DOM)");
        }
        Console.WriteLine($"{tasks} tasks: first view median {Program.Ms(Program.Median(firstView))} ms (max {Program.Ms(firstView.Max())}), "
            + $"tasks table median {Program.Ms(Program.Median(table))} ms; /api/board median {Program.Ms(Program.Median(boardMs))} ms, {bytes / 1024} KiB");
    }

    private static string Plan(int start, int count)
    {
        var plan = new StringBuilder("{\"plan\":\"bench-").Append(start.ToString(CultureInfo.InvariantCulture)).Append("\",\"tasks\":[");
        for (var i = start; i < start + count; i++)
        {
            plan.Append(i == start ? "" : ",")
                .Append(CultureInfo.InvariantCulture, $"{{\"id\":\"t{i}\",\"title\":\"Task number {i}: refactor module {i % 97}\",")
                .Append(CultureInfo.InvariantCulture, $"\"description\":\"Rewrite module {i} so that it reads its settings once.\",")
                .Append(CultureInfo.InvariantCulture, $"\"files\":[\"src/m{i}/**\"],\"labels\":[\"{(i % 3 == 0 ? "backend" : "frontend")}\"]");
            if (i % 10 != 0 && i != start)
            {
                plan.Append(CultureInfo.InvariantCulture, $",\"depends_on\":[\"t{i - 1}\"]");
            }
            plan.Append('}');
        }
        return plan.Append("]}").ToString();
    }
}

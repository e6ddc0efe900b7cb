using Microsoft.Playwright;

namespace Baton.Ui;

/// <summary>docs/ui/*.png: a plan mid-run (some tasks done, some failed, two escalated, three workers busy with notes), and a
/// picture of each view of the page, light, plus the overview in dark and the sign-in page. Run again after changing the
/// page: <c>dotnet run -c Release --project bench/Baton.Ui -- screenshots docs/ui</c>.</summary>
internal static class Screenshots
{
    private const string Plan = """
        {"plan": "checkout", "tasks": [
          {"id": "schema", "title": "Orders schema and migrations", "files": ["db/**"], "labels": ["backend"],
           "description": "Add the orders and order_lines tables with their migrations.", "context": "Postgres 16; migrations live in db/migrations and run in CI.",
           "acceptance": ["the migration runs forwards and back", {"check": "files_within"}]},
          {"id": "money", "title": "Money type with currency", "files": ["lib/money/**"], "labels": ["backend"]},
          {"id": "api-orders", "title": "Orders API: create and list", "depends_on": ["schema", "money"], "files": ["api/orders/**"], "labels": ["backend"]},
          {"id": "api-pay", "title": "Payments API with idempotency keys", "depends_on": ["api-orders"], "files": ["api/pay/**"], "labels": ["backend"], "max_attempts": 3},
          {"id": "tax", "title": "Tax rules per region", "depends_on": ["money"], "files": ["lib/tax/**"], "labels": ["backend"]},
          {"id": "cart", "title": "Cart page", "files": ["web/cart/**"], "labels": ["frontend"]},
          {"id": "checkout", "title": "Checkout page", "depends_on": ["cart", "api-orders"], "files": ["web/checkout/**"], "labels": ["frontend"]},
          {"id": "pay-form", "title": "Card form with 3-D Secure", "depends_on": ["checkout", "api-pay"], "files": ["web/pay/**"], "labels": ["frontend"]},
          {"id": "emails", "title": "Order confirmation emails", "depends_on": ["api-orders"], "files": ["mail/**"], "labels": ["backend"]},
          {"id": "i18n", "title": "Translate checkout strings", "depends_on": ["checkout"], "files": ["web/i18n/**"], "labels": ["frontend"]},
          {"id": "e2e", "title": "End-to-end checkout tests", "depends_on": ["pay-form", "emails"], "files": ["e2e/**"], "labels": ["frontend"]},
          {"id": "docs", "title": "Document the checkout flow", "depends_on": ["e2e", "tax"], "files": ["docs/**"], "labels": ["docs"]},
          {"id": "metrics", "title": "Checkout metrics and alerts", "depends_on": ["api-pay"], "files": ["ops/**"], "labels": ["backend"]},
          {"id": "a11y", "title": "Accessibility pass on checkout", "depends_on": ["checkout"], "files": ["web/checkout/a11y/**"], "labels": ["frontend"], "max_attempts": 2}
        ]}
        """;

    public static async Task RunAsync(IBrowser browser, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await using var hub = await BenchHub.StartAsync(cancellationToken);
        await hub.PostAsync("/api/import", Plan);
        await RunPlanAsync(hub, cancellationToken);

        var page = await hub.OpenAsync(browser, width: 1360, height: 860);
        await ShootAsync(page, directory, "overview", null);
        await ShootAsync(page, directory, "tasks", ".vt-row");
        await ShootAsync(page, directory, "graph", ".node");
        await ShootAsync(page, directory, "workers", "tr[data-worker]");
        await ShootAsync(page, directory, "timeline", ".lane");
        await ShootAsync(page, directory, "inbox", "article.item");
        await ShootAsync(page, directory, "stats", ".chart");
        await page.ClickAsync("#tab-tasks");
        await page.ClickAsync(".vt-row[data-task='api-pay']");
        await page.WaitForSelectorAsync("#detail-body table");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "detail.png") });
        Console.WriteLine("detail.png");

        var dark = await browser.NewContextAsync(new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark, ViewportSize = new ViewportSize { Width = 1360, Height = 860 } });
        var darkPage = await dark.NewPageAsync();
        await darkPage.GotoAsync(await hub.LoginUrlAsync());
        await darkPage.WaitForSelectorAsync("body[data-ready=true]");
        await ShootAsync(darkPage, directory, "timeline", ".lane", "-dark");
        await ShootAsync(darkPage, directory, "overview", null, "-dark");

        var stranger = await (await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1000, Height = 560 } })).NewPageAsync();
        await stranger.GotoAsync(hub.Hub.Url.ToString());
        await stranger.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, "signin.png") });
        Console.WriteLine("signin.png");
    }

    private static async Task ShootAsync(IPage page, string directory, string view, string? wait, string suffix = "")
    {
        await page.ClickAsync($"#tab-{view}");
        if (wait is not null)
        {
            await page.WaitForSelectorAsync(wait);
        }
        // Let the frame the click queued be drawn.
        await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))");
        var file = Path.Combine(directory, view + suffix + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file });
        Console.WriteLine(Path.GetFileName(file));
    }

    // Four workers over about ten seconds, so the timeline has bars of some length: each task takes a few steps of
    // 250 ms; the payment API fails once and then reports blocked (escalated), the a11y pass fails on both its attempts
    // (escalated), and two tasks are still in hand at the end, with progress notes.
    private static async Task RunPlanAsync(BenchHub hub, CancellationToken cancellationToken)
    {
        var workers = new[] { "alice-1", "bob-2", "carol-3", "dave-4" };
        var held = new Dictionary<string, (string Task, int Until)>();
        var tries = new Dictionary<string, int>();
        for (var step = 0; step < 40; step++)
        {
            foreach (var worker in workers)
            {
                if (!held.TryGetValue(worker, out var work))
                {
                    var claim = await hub.ClaimAsync(worker, mustSucceed: false);
                    if (claim.ValueKind == System.Text.Json.JsonValueKind.Object && claim.TryGetProperty("task", out var task))
                    {
                        var id = task.GetProperty("id").GetString()!;
                        held[worker] = (id, step + 2 + (id.Length + worker.Length) % 4);
                    }
                    continue;
                }
                if (step < work.Until || work.Task is "i18n" or "emails")
                {
                    await hub.HeartbeatAsync(worker, $"{work.Task}: {Math.Min(95, (step % 12) * 8 + 10)}% done, tests passing so far");
                    continue;
                }
                var attempt = tries[work.Task] = tries.GetValueOrDefault(work.Task) + 1;
                var (outcome, summary) = work.Task switch
                {
                    "api-pay" when attempt == 1 => ("failed", "the contract tests fail against the provider's sandbox"),
                    "api-pay" => ("blocked", "the payment provider's sandbox keys are missing: they need to be in CI secrets"),
                    "a11y" => ("failed", "axe reports 3 contrast errors in the card form that the design does not allow fixing"),
                    _ => ("done", $"{work.Task}: implemented, tests added"),
                };
                await hub.ReportAsync(worker, work.Task, outcome, summary, outcome == "done" ? 3 + step % 3 : 2);
                held.Remove(worker);
            }
            await Task.Delay(250, cancellationToken);
        }
    }
}

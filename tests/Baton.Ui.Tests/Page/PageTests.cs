using System.Diagnostics;
using System.Net;
using Baton.Ui.Tests.Support;
using Microsoft.Playwright;

namespace Baton.Ui.Tests.Page;

/// <summary>The page in a real Chromium against a real hub: sign-in, the plan, live updates, the inbox, roles, the
/// timeline.</summary>
public sealed class PageTests(Chromium chromium)
{
    [Fact]
    public async Task Page_WithoutSignIn_IsRefused_AndWithTheLink_ShowsEveryTaskAndWorker()
    {
        var browser = chromium.Require();
        await using var hub = await UiHub.StartAsync();
        await hub.ImportAsync(Plans.Small);
        await hub.ClaimAsync("w-alpha");

        var stranger = await (await browser.NewContextAsync()).NewPageAsync();
        var refused = await stranger.GotoAsync(hub.Url.ToString());
        Assert.Equal((int)HttpStatusCode.Unauthorized, refused!.Status);
        Assert.Contains("baton ui", await stranger.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await stranger.Locator("[data-task]").CountAsync());
        Assert.DoesNotContain("Set up the schema", await stranger.ContentAsync(), StringComparison.Ordinal);

        var page = await hub.OpenAsync(browser, view: "tasks");
        // The sign-in link has left the address bar.
        Assert.Equal(hub.Url.ToString(), page.Url.Split('#')[0]);
        foreach (var id in new[] { "schema", "api", "web", "docs", "ci" })
        {
            await page.WaitForSelectorAsync($".vt-row[data-task='{id}']");
        }
        await page.WaitForSelectorAsync(".vt-row[data-task='schema'] >> text=w-alpha");
        await page.ClickAsync("#tab-overview");
        await page.WaitForSelectorAsync("[data-worker='w-alpha']");
    }

    [Fact]
    public async Task ClaimAndReport_ShowOnThePage_WithinOneSecond()
    {
        var browser = chromium.Require();
        await using var hub = await UiHub.StartAsync();
        await hub.ImportAsync(Plans.Small);
        var page = await hub.OpenAsync(browser, view: "tasks");
        await page.WaitForSelectorAsync(".vt-row[data-task='schema']");
        var within = new PageWaitForSelectorOptions { Timeout = 1000 };

        var claimed = Stopwatch.StartNew();
        await hub.ClaimAsync("w-live");
        await page.WaitForSelectorAsync(".vt-row[data-task='schema'] .state.leased", within);
        await page.WaitForSelectorAsync(".vt-row[data-task='schema'] >> text=w-live", within);
        var claimShown = claimed.Elapsed;

        var reported = Stopwatch.StartNew();
        await hub.ReportAsync("w-live", "schema", "done");
        await page.WaitForSelectorAsync(".vt-row[data-task='schema'] .state.done", within);
        var reportShown = reported.Elapsed;

        Assert.True(claimShown < TimeSpan.FromSeconds(1), $"the claim showed after {claimShown.TotalMilliseconds} ms");
        Assert.True(reportShown < TimeSpan.FromSeconds(1), $"the report showed after {reportShown.TotalMilliseconds} ms");
        // Its dependents became ready, and the glance counts it.
        await page.WaitForSelectorAsync(".vt-row[data-task='api'] .state.ready");
        Assert.Equal("1/5", await page.TextContentAsync("[data-stat=done]"));
    }

    [Fact]
    public async Task Inbox_ResolveRetryWithNote_ResolvesTheEscalationInTheStore()
    {
        var browser = chromium.Require();
        await using var hub = await UiHub.StartAsync();
        await hub.ImportAsync(Plans.Small);
        await hub.ClaimAsync("w1");
        await hub.ReportAsync("w1", "schema", "blocked", "the database credentials are missing");
        var page = await hub.OpenAsync(browser, view: "inbox");
        var item = page.Locator("article.item[data-task='schema']");
        await item.WaitForAsync();
        Assert.Contains("the database credentials are missing", await item.TextContentAsync(), StringComparison.Ordinal);

        await item.Locator("textarea").First.FillAsync("credentials are in the vault now");
        await item.Locator("[data-action=retry]").ClickAsync();
        await page.WaitForSelectorAsync("text=Resolved schema: retry");

        var task = await hub.GetAsync("/api/tasks/schema");
        Assert.Equal("ready", task.GetProperty("task").GetProperty("state").GetString());
        Assert.Contains(task.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "task.resolved"
            && e.GetProperty("message").GetString()!.Contains("credentials are in the vault now", StringComparison.Ordinal));
        Assert.Equal(0, (await hub.GetAsync("/api/inbox")).GetArrayLength());
        Assert.Equal(1, (await hub.GetAsync("/api/stats")).GetProperty("interventions").GetInt32());
    }

    [Fact]
    public async Task ObserverPage_ShowsTheInbox_WithoutActions_AndTheHubRefusesItsResolve()
    {
        var browser = chromium.Require();
        await using var hub = await UiHub.StartAsync();
        await hub.ImportAsync(Plans.Small);
        await hub.ClaimAsync("w1");
        await hub.ReportAsync("w1", "schema", "blocked", "needs a decision");
        var page = await hub.OpenAsync(browser, role: "observer", view: "inbox");
        await page.WaitForSelectorAsync("article.item[data-task='schema']");

        Assert.Equal("observer", await page.TextContentAsync("#role"));
        Assert.Equal(0, await page.Locator("[data-action]").CountAsync());
        // The page's own request, as a script on it would send it: the hub refuses it by role.
        var status = await page.EvaluateAsync<int>("""
            () => fetch("/api/resolve", { method: "POST", headers: { "X-Baton-Page": "1", "Content-Type": "application/json" },
              body: JSON.stringify({ task_id: "schema", action: "done" }) }).then(r => r.status)
            """);
        Assert.Equal(403, status);
        Assert.Equal("escalated", (await hub.GetAsync("/api/tasks/schema")).GetProperty("task").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Timeline_ShowsOneLanePerWorker_AndABarPerAttempt()
    {
        var browser = chromium.Require();
        await using var hub = await UiHub.StartAsync();
        await hub.ImportAsync(Plans.Small);
        await hub.ClaimAsync("ann");
        await hub.ClaimAsync("ben");
        await hub.ReportAsync("ann", "schema", "done");
        await hub.ReportAsync("ben", "ci", "failed", "the runner image is gone");
        await hub.ClaimAsync("cy");

        var page = await hub.OpenAsync(browser, view: "timeline");
        await page.WaitForSelectorAsync(".lane");

        var lanes = await page.Locator(".lane").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.worker)");
        Assert.Equal(["ann", "ben", "cy"], lanes);
        Assert.Equal(1, await page.Locator(".bar.done").CountAsync());
        Assert.Equal(1, await page.Locator(".bar.escalated, .bar.failed").CountAsync());
        Assert.Equal(1, await page.Locator(".bar.running").CountAsync());

        // A new worker's claim adds its lane live.
        await hub.ClaimAsync("dee");
        await page.WaitForSelectorAsync(".lane[data-worker='dee']");
        Assert.Equal(4, await page.Locator(".lane").CountAsync());
    }
}

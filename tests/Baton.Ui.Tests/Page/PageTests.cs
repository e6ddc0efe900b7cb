using System.Net;
using Baton.Ui.Tests.Support;

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
}

using Microsoft.Playwright;

namespace Baton.Ui.Tests.Support;

/// <summary>
/// One Playwright driver and one headless Chromium for the whole test run: Debian's <c>chromium</c> (or
/// <c>BATON_TEST_CHROMIUM</c>), never a browser Playwright downloads. Without one the browser tests are skipped, each
/// saying why (install it with <c>apt-get install chromium</c>; <c>.ci/run</c> does).
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string EnvironmentVariable = "BATON_TEST_CHROMIUM";

    private IPlaywright? _playwright;

    /// <summary>The browser; null when none was found (<see cref="Missing"/> says why).</summary>
    public IBrowser? Browser { get; private set; }

    /// <summary>Why there is no browser; null when there is one.</summary>
    public string? Missing { get; private set; }

    /// <summary>The browser, or skips the calling test with the reason.</summary>
    public IBrowser Require()
    {
        if (Browser is null)
        {
            Assert.Skip(Missing ?? "no browser");
        }
        return Browser;
    }

    public static string? FindExecutable()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }
            .SelectMany(name => path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    public async ValueTask InitializeAsync()
    {
        var executable = FindExecutable();
        if (executable is null)
        {
            Missing = $"no Chromium found: install Debian's (apt-get install chromium) or set {EnvironmentVariable}";
            return;
        }
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            // Root (CI) cannot use Chromium's sandbox; /dev/shm is small in containers.
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Baton.Ui;

/// <summary>
/// The hub's page in headless Chromium (Debian's, or <c>BATON_TEST_CHROMIUM</c>), against a hub in this process:
/// <list type="bullet">
/// <item><c>first-view [TASKS] [RUNS]</c>: imports TASKS tasks (default 10,000), then opens the page RUNS times (default 7)
/// and prints the time from navigation to the first view drawn (the sign-in link, the board, the overview), and to the
/// tasks table drawn.</item>
/// <item><c>events [RATE] [SECONDS]</c>: a plan running at RATE events a second (default 100) for SECONDS (default 10)
/// while the page follows it: prints how far behind the page was and its longest gap between animation frames.</item>
/// <item><c>screenshots [DIR]</c>: a plan mid-run, and a PNG of each view in DIR (default docs/ui).</item>
/// </list>
/// Usage: <c>dotnet run -c Release --project bench/Baton.Ui -- first-view</c>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "first-view";
        var executable = FindChromium();
        if (executable is null)
        {
            Console.Error.WriteLine("no Chromium: apt-get install chromium, or set BATON_TEST_CHROMIUM");
            return 2;
        }
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(20));
        switch (mode)
        {
            case "first-view":
                await FirstView.RunAsync(browser, Arg(args, 1, 10_000), Arg(args, 2, 7), cancel.Token);
                return 0;
            case "events":
                await EventLoad.RunAsync(browser, Arg(args, 1, 100), Arg(args, 2, 10), cancel.Token);
                return 0;
            case "screenshots":
                await Screenshots.RunAsync(browser, args.Length > 1 ? args[1] : Path.Combine("docs", "ui"), cancel.Token);
                return 0;
            default:
                Console.Error.WriteLine("usage: Baton.Ui first-view [TASKS] [RUNS] | events [RATE] [SECONDS] | screenshots [DIR]");
                return 2;
        }
    }

    private static int Arg(string[] args, int index, int fallback)
        => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    internal static string? FindChromium()
    {
        if (Environment.GetEnvironmentVariable("BATON_TEST_CHROMIUM") is { Length: > 0 } configured)
        {
            return configured;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return new[] { "chromium", "chromium-browser", "google-chrome" }
            .SelectMany(name => path.Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }

    internal static double Median(List<double> values)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
    }

    internal static string Ms(double value) => value.ToString("0", CultureInfo.InvariantCulture);

    internal static long Now() => Stopwatch.GetTimestamp();
}

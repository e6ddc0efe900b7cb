using System.Globalization;
using System.Text.Json;
using Baton.Compare.Servers;

namespace Baton.Compare.Cli;

/// <summary>Times one command with hyperfine and reads its JSON export.</summary>
internal static class Hyperfine
{
    public const int Warmup = 3;

    // A bound on one hyperfine invocation; a slow npm tool at ~2-20 s a call fits 33 calls in it.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(20);

    public static async Task<CliRow> TimeAsync(CliRow row, string workingDirectory, int runs, bool ignoreFailure, CancellationToken cancellationToken)
    {
        var hyperfine = CommandRunner.Which("hyperfine");
        if (hyperfine is null)
        {
            return row with { Unavailable = "hyperfine is not installed" };
        }
        var export = Path.Combine(workingDirectory, "..", Guid.NewGuid().ToString("N")[..8] + "-hyperfine.json");
        // --shell=none: no shell start-up in the figure (and no correction for it); the command has no quoting.
        List<string> arguments = ["--warmup", Warmup.ToString(CultureInfo.InvariantCulture), "--runs", runs.ToString(CultureInfo.InvariantCulture),
            "--shell=none", "--style", "basic", "--export-json", export];
        if (ignoreFailure)
        {
            arguments.Add("--ignore-failure");
        }
        arguments.Add(row.Command);
        var result = await CommandRunner.RunAsync(hyperfine, arguments, workingDirectory, Limit, cancellationToken);
        if (!result.Succeeded || !File.Exists(export))
        {
            return row with { Unavailable = "hyperfine failed: " + result.Tail };
        }
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(export, cancellationToken));
        var first = json.RootElement.GetProperty("results")[0];
        File.Delete(export);
        return row with
        {
            MedianMs = first.GetProperty("median").GetDouble() * 1000,
            MinMs = first.GetProperty("min").GetDouble() * 1000,
            MaxMs = first.GetProperty("max").GetDouble() * 1000,
            Runs = first.GetProperty("times").GetArrayLength(),
        };
    }
}

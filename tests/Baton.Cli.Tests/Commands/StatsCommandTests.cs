using Baton.Cli.Tests.Crash;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>baton stats --markdown</c>: the ROI report an engineer pastes into a review, from a real store, locally and through a hub.</summary>
public sealed class StatsCommandTests
{
    // fb has a check that fails until out.txt exists; the other title holds a pipe, which a table cell must escape.
    private const string Plan = """
        {"tasks": [
          {"id": "fb", "title": "Write out.txt", "description": "write it", "max_attempts": 2, "acceptance": [{"check": "file_exists", "path": "out.txt"}]},
          {"id": "ok", "title": "Nothing | to check", "description": "anything"}
        ]}
        """;

    [Fact]
    public async Task StatsMarkdown_OnAFinishedPlan_WritesTheFiguresAndOneRowPerTask()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plan, TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        await repo.RunOkAsync("claim", "--worker", "w1");
        var failed = await repo.RunAsync("report", "fb", "--worker", "w1", "--outcome", "done", "--summary", "forgot it");
        Assert.True(failed.ExitCode == 9, failed.ToString());
        await File.WriteAllTextAsync(repo.PathOf("out.txt"), "written", TestContext.Current.CancellationToken);
        await repo.RunOkAsync("claim", "--worker", "w2");
        await repo.RunOkAsync("report", "fb", "--worker", "w2", "--outcome", "done", "--summary", "wrote it", "--context-score", "4");

        var unfinished = await repo.RunOkAsync("stats", "--markdown");
        Assert.Contains("(plan not finished: 1 open) 2 task(s), 1 done so far", unfinished.Stdout, StringComparison.Ordinal);

        await repo.RunOkAsync("claim", "--worker", "w1");
        await repo.RunOkAsync("report", "ok", "--worker", "w1", "--outcome", "done", "--summary", "did it", "--context-score", "5");
        var report = await repo.RunOkAsync("stats", "--markdown");
        var lines = report.Stdout.ReplaceLineEndings("\n").Split('\n');

        Assert.Equal("# Baton plan report", lines[0]);
        Assert.Contains("The plan is finished: 2 task(s), 2 done.", lines);
        Assert.Contains("| figure | value |", lines);
        Assert.Single(lines, l => l.StartsWith("| time saved | ", StringComparison.Ordinal) && l.Contains("(serial ", StringComparison.Ordinal) && l.Contains("speedup ", StringComparison.Ordinal));
        // Three claims, one check run per done report on fb, and fb's first attempt lost to the retry.
        Assert.Single(lines, l => l.StartsWith("| coordination overhead | ", StringComparison.Ordinal)
            && l.Contains(" over 3 claim(s)), checks ", StringComparison.Ordinal) && l.Contains(" (2 run(s)), retries ", StringComparison.Ordinal)
            && l.EndsWith(" (1 attempt(s)) |", StringComparison.Ordinal));
        Assert.Contains("| interventions | 0 (0.00 per task) |", lines);
        Assert.Contains("| context score (avg) | 4.50 over 2 report(s) |", lines);
        Assert.Contains("| first-attempt checks passed | 0% |", lines);
        Assert.Contains("| attempts per task | 1.50 |", lines);
        Assert.Contains("| task | title | state | attempts | interventions | queue wait | work | checks |", lines);
        Assert.Single(lines, l => l.StartsWith("| fb | Write out.txt | done | 2 | 0 | ", StringComparison.Ordinal));
        Assert.Single(lines, l => l.StartsWith("| ok | Nothing \\| to check | done | 1 | 0 | ", StringComparison.Ordinal));
        Assert.Contains("## Notes", lines);

        // The text form leads with the same ROI figures.
        var text = (await repo.RunOkAsync("stats")).Stdout.ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("ROI of 2 task(s), the plan is finished", text[0]);
        Assert.StartsWith("time saved:             ", text[1], StringComparison.Ordinal);
        Assert.Contains("(serial ", text[1], StringComparison.Ordinal);
        Assert.StartsWith("coordination overhead:  ", text[2], StringComparison.Ordinal);
        Assert.Equal("interventions:          0 (0.00 per task)", text[3]);

        // Through a hub the report is the same: it renders the same snapshot.
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());
        var viaHub = await repo.RunOkAsync("stats", "--markdown", "--server", hub.Url.ToString());
        Assert.Equal(report.Stdout, viaHub.Stdout);
    }
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Crash;

/// <summary>Local mode: a shell loop of <c>baton claim</c> / <c>baton report</c> killed with SIGKILL at random
/// moments. After every kill the store opens cleanly and is consistent, and every report the CLI printed as done
/// is in it.</summary>
public sealed partial class LocalKillTests
{
    private const int Kills = 20;

    [Fact]
    public async Task Invariant2_LocalCliLoopKilledRepeatedly_StoreStaysIntactAndKeepsPrintedReports()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        // Enough tasks that the loops never run dry: a Native AOT baton (BATON_TEST_EXECUTABLE) does a claim and a
        // report in ~30 ms, so 20 loops of up to 1.5 s each may report several hundred, and an even kill waits for
        // a report that an empty store would never give.
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), CrashPlans.Independent(2000), TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        var printed = new List<(string Task, string Worker)>();

        for (var kill = 0; kill < Kills; kill++)
        {
            var worker = $"w{kill % 3}";
            using var loop = StartLoop(repo.Root, worker);
            var lines = new List<string>();
            var firstReport = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var reading = ReadLinesAsync(loop, lines, firstReport);
            try
            {
                if (kill % 2 == 0)
                {
                    // Every other kill comes after the loop has reported once, so reports are in flight too; the
                    // odd ones may land anywhere from process start on.
                    await firstReport.Task.WaitAsync(TestTimeouts.Command, TestContext.Current.CancellationToken);
                }
#pragma warning disable CA5394 // The kill moment is random on purpose; it needs no secure randomness.
                await Task.Delay(Random.Shared.Next(0, 1500), TestContext.Current.CancellationToken);
#pragma warning restore CA5394
            }
            finally
            {
                // SIGKILL to the shell and the baton process it is running, wherever it is (also when the wait
                // above failed: a loop left running would outlive the test).
                loop.Kill(entireProcessTree: true);
            }
            await loop.WaitForExitAsync(TestContext.Current.CancellationToken);
            await reading;
            lock (lines)
            {
                printed.AddRange(lines.Select(l => ReportedLine().Match(l)).Where(m => m.Success).Select(m => (m.Groups[1].Value, worker)));
            }

            using var audit = new StoreAudit(repo.PathOf(".baton/baton.db"));
            Assert.Equal("ok", audit.IntegrityCheck());
            Assert.Empty(audit.Problems());
            var done = audit.DoneReports();
            foreach (var (task, by) in printed)
            {
                Assert.Contains(done, d => d.Task == task && d.Worker == by);
            }
        }
        Assert.NotEmpty(printed);
        // The store still works: a fresh CLI call opens it, expires what the killed loops left behind, and answers.
        var status = (await repo.RunOkAsync("status", "--json")).Json();
        Assert.True(status.GetProperty("done").GetInt32() >= printed.Count);
    }

    private static async Task ReadLinesAsync(Process loop, List<string> lines, TaskCompletionSource firstReport)
    {
        while (await loop.StandardOutput.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
            if (ReportedLine().IsMatch(line))
            {
                firstReport.TrySetResult();
            }
        }
    }

    /// <summary>claim, then report the claimed task, forever (the kill ends it).</summary>
    private static Process StartLoop(string repo, string worker)
    {
        var baton = BatonExecutable.ShellWords;
        var script = $$"""
            while true; do
              id=$({{baton}} claim --worker {{worker}} --lease 2s | sed -n '1s/^task \([^:]*\):.*/\1/p')
              [ -n "$id" ] && {{baton}} report "$id" --worker {{worker}} --outcome done --summary "loop"
            done
            """;
        var info = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = repo };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.Environment.Remove("BATON_SERVER");
        info.Environment.Remove("BATON_STORE");
        info.Environment.Remove("BATON_WORKER");
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the loop");
        _ = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        return process;
    }

    [GeneratedRegex(@"^reported (\S+) done;", RegexOptions.Multiline)]
    private static partial Regex ReportedLine();
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Parallel;

/// <summary>
/// Invariant 3 (no duplicate work) across processes in local mode: eight real <c>baton</c> processes at a
/// time, each worker looping <c>claim --json</c> / <c>report</c> until exit 3, race over 200 tasks in one
/// store file. Every task must end done with exactly one attempt, and every claim that printed a task must
/// have had its report accepted (no claim lost).
/// </summary>
public sealed class LocalRaceTests
{
    private const int Workers = 8;
    private const int Tasks = 200;

    [Fact]
    public async Task ClaimReport_EightLocalProcessesRacingOverTwoHundredTasks_EachTaskDoneExactlyOnce_Invariant3()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), Plan(), TestContext.Current.CancellationToken);
        await repo.RunOkAsync("task", "import", "plan.json");
        var claims = new ConcurrentBag<(string Worker, string TaskId)>();

        var workers = Enumerable.Range(1, Workers).Select(i => WorkerAsync(repo, $"w{i}", claims)).ToList();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromMinutes(10), TestContext.Current.CancellationToken);

        Assert.Equal(Tasks, claims.Count);
        Assert.Equal(Tasks, claims.Select(c => c.TaskId).Distinct(StringComparer.Ordinal).Count());
        var claimer = claims.ToDictionary(c => c.TaskId, c => c.Worker, StringComparer.Ordinal);
        var list = (await repo.RunOkAsync("task", "list", "--json")).Json().GetProperty("tasks");
        Assert.Equal(Tasks, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), t => Assert.Equal("done", t.GetProperty("state").GetString()));
        Assert.All(list.EnumerateArray(), t => Assert.Equal(1, t.GetProperty("attempts").GetInt32()));

        // The store's own record of each task: one attempt, ended done, by the worker that printed the claim.
        foreach (var id in claimer.Keys.Order(StringComparer.Ordinal).Where((_, i) => i % 10 == 0))
        {
            var show = (await repo.RunOkAsync("task", "show", id, "--json")).Json();
            var attempt = Assert.Single(show.GetProperty("attempts").EnumerateArray());
            Assert.Equal("done", attempt.GetProperty("ending").GetString());
            Assert.Equal(claimer[id], attempt.GetProperty("worker").GetString());
        }
        var status = (await repo.RunOkAsync("status", "--json")).Json();
        Assert.True(status.GetProperty("complete").GetBoolean());
        Assert.Equal(Tasks, status.GetProperty("workers").EnumerateArray().Sum(w => w.GetProperty("done").GetInt32()));
    }

    private static string Plan()
    {
        var plan = new StringBuilder("{\"tasks\": [");
        for (var i = 1; i <= Tasks; i++)
        {
            var id = "t" + i.ToString("D3", CultureInfo.InvariantCulture);
            plan.Append(i > 1 ? "," : "").Append($"{{\"id\": \"{id}\", \"title\": \"task {id}\", \"description\": \"do {id}\"}}");
        }
        return plan.Append("]}").ToString();
    }

    private static async Task WorkerAsync(TempRepo repo, string worker, ConcurrentBag<(string, string)> claims)
    {
        while (true)
        {
            var claim = await repo.RunAsync("claim", "--worker", worker, "--json");
            if (claim.ExitCode == 3)
            {
                return;
            }
            Assert.True(claim.ExitCode == 0, claim.ToString());
            var id = claim.Json().GetProperty("task").GetProperty("id").GetString()!;
            claims.Add((worker, id));
            var report = await repo.RunAsync("report", id, "--worker", worker, "--outcome", "done", "--summary", "did " + id);
            Assert.True(report.ExitCode == 0, $"{worker} lost its claim on {id}: {report}");
        }
    }
}

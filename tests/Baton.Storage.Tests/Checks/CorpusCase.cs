using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Plans;
using Baton.Core.Tasks;
using Baton.Service.Checks;

namespace Baton.Storage.Tests.Checks;

/// <summary>One folder of tests/corpus: a task, a worker's report, the workspace it left, and the expected verdict.</summary>
internal sealed record CorpusCase(string Name, string Folder)
{
    public static string CorpusRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
            {
                return Path.Combine(dir.FullName, "tests", "corpus");
            }
        }
        throw new InvalidOperationException($"no Baton.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>Every folder with a case.json (tests/corpus/stores holds stores of earlier releases instead).</summary>
    public static IEnumerable<CorpusCase> All()
        => Directory.GetDirectories(CorpusRoot()).Where(d => File.Exists(Path.Combine(d, "case.json")))
            .Order(StringComparer.Ordinal).Select(d => new CorpusCase(Path.GetFileName(d), d));

    /// <summary>Sets the workspace up in <paramref name="root"/>, validates the report and runs the checks.</summary>
    public async Task<CorpusOutcome> RunAsync(string root, CancellationToken cancellationToken)
    {
        using var doc = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "case.json"), cancellationToken));
        var task = ParseTask(doc.RootElement.GetProperty("task"), root);
        WorkspaceChanges? changes = null;
        var claim = Path.Combine(Folder, "claim");
        if (Directory.Exists(claim))
        {
            Copy(claim, root);
            var snapshot = await WorkspaceSnapshot.CaptureAsync(root, task.Files, cancellationToken);
            Clear(root);
            Copy(Path.Combine(Folder, "workspace"), root);
            changes = await snapshot.ChangedSinceAsync(root, cancellationToken);
        }
        else
        {
            Copy(Path.Combine(Folder, "workspace"), root);
        }
        var report = ParseReport(doc.RootElement.GetProperty("report"), task.Id);
        var problems = ReportValidator.Validate(report, task, root, changes);
        var checks = await new CheckRunner(TimeProvider.System).RunAsync(task, report.Files, root, cancellationToken);
        var expect = doc.RootElement.GetProperty("expect");
        return new CorpusOutcome
        {
            Name = Name,
            ExpectPass = expect.GetProperty("verdict").GetString() == "pass",
            ExpectedCaughtBy = expect.TryGetProperty("caught_by", out var by) ? [.. by.EnumerateArray().Select(e => e.GetString()!)] : [],
            ReportProblems = problems,
            Checks = checks,
        };
    }

    private static TaskItem ParseTask(JsonElement element, string root)
    {
        var parsed = PlanParser.Parse($"{{\"tasks\": [{element.GetRawText()}]}}", new PlanParseOptions { RepositoryRoot = root }, TestContext.Current.CancellationToken);
        Assert.True(parsed.IsOk, "the corpus task must be a valid plan: " + string.Join("; ", parsed.Error?.Details ?? []));
        var spec = parsed.Value.Tasks[0];
        return new TaskItem
        {
            Id = spec.Id,
            Title = spec.Title,
            Description = spec.Description,
            Acceptance = spec.Acceptance,
            Files = spec.Files,
            State = TaskState.Checking,
            Attempts = 1,
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        };
    }

    private static ReportRequest ParseReport(JsonElement element, TaskId taskId)
    {
        Assert.True(ReportOutcomes.TryParse(element.GetProperty("outcome").GetString(), out var outcome));
        return new ReportRequest
        {
            TaskId = taskId,
            Worker = new WorkerId("corpus"),
            Outcome = outcome,
            Summary = element.GetProperty("summary").GetString() ?? "",
            Files = [.. element.GetProperty("files").EnumerateArray().Select(f => f.GetString()!)],
            ContextScore = element.TryGetProperty("context_score", out var score) ? score.GetInt32() : null,
        };
    }

    private static void Copy(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }

    private static void Clear(string root)
    {
        foreach (var entry in new DirectoryInfo(root).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo dir)
            {
                dir.Delete(recursive: true);
            }
            else
            {
                entry.Delete();
            }
        }
    }

    public override string ToString() => Name;
}

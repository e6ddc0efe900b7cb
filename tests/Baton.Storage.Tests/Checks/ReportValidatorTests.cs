using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Service.Checks;

namespace Baton.Storage.Tests.Checks;

public sealed class ReportValidatorTests : IDisposable
{
    private static readonly TaskItem Item = CheckTasks.With(["docs/**"]);

    private readonly TempDirectory _repo = new();

    public void Dispose() => _repo.Dispose();

    private static ReportRequest Report(string summary = "did it", ReportOutcome outcome = ReportOutcome.Done, int? score = 4, params string[] files) => new()
    {
        TaskId = new TaskId("t1"),
        Worker = new WorkerId("w"),
        Outcome = outcome,
        Summary = summary,
        ContextScore = score,
        Files = files,
    };

    private void Write(string path)
    {
        var full = Path.Combine(_repo.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, path);
    }

    [Fact]
    public void Validate_GoodReport_HasNoProblems()
    {
        Write("docs/a.md");

        Assert.Empty(ReportValidator.Validate(Report(files: ["docs/a.md", "-docs/gone.md", "./docs/a.md"]), Item, _repo.Path));
    }

    [Theory]
    [InlineData("", ReportOutcome.Done, "summary: a done report needs a summary of what was done")]
    [InlineData(" ", ReportOutcome.Failed, "summary: a failed report needs a summary or notes saying why")]
    public void Validate_NoSummary_IsAProblem(string summary, ReportOutcome outcome, string expected)
        => Assert.Equal([expected], ReportValidator.Validate(Report(summary, outcome), Item, _repo.Path));

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void Validate_ContextScoreOutOfRange_IsAProblem(int score)
        => Assert.Equal([$"context_score: must be 1-5, got {score}"], ReportValidator.Validate(Report(score: score), Item, _repo.Path));

    [Fact]
    public async Task Validate_FileWithASecondName_IsAProblem()
    {
        Write("docs/a.md");
        using var ln = System.Diagnostics.Process.Start("ln", [Path.Combine(_repo.Path, "docs/a.md"), Path.Combine(_repo.Path, "docs/b.md")]);
        await ln.WaitForExitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["files: docs/b.md is a hard link (2 names for one file), which may lead outside the repository"],
            ReportValidator.Validate(Report(files: ["docs/b.md"]), Item, _repo.Path));
    }

    [Theory]
    [InlineData("docs/missing.md", "files: docs/missing.md does not exist (list a deleted file as '-docs/missing.md')")]
    [InlineData("../x.md", "files: '../x.md' is outside the repository")]
    [InlineData("/etc/passwd", "files: '/etc/passwd' is absolute; give a path relative to the repository root")]
    [InlineData("docs/*.md", "files: 'docs/*.md' is a glob; list each changed file")]
    [InlineData("docs", "files: docs is a directory; list the files in it")]
    [InlineData("-docs/a.md", "files: docs/a.md is listed as deleted ('-docs/a.md') but exists")]
    public void Validate_BadFile_IsAProblem(string entry, string expected)
    {
        Write("docs/a.md");

        Assert.Equal([expected], ReportValidator.Validate(Report(files: [entry]), Item, _repo.Path));
    }

    [Fact]
    public void Validate_OtherTasksReport_IsAProblem()
        => Assert.Equal(["task_id: the report is for t2, not t1"],
            ReportValidator.Validate(Report() with { TaskId = new TaskId("t2") }, Item, _repo.Path));

    [Fact]
    public async Task Validate_WithChangesSinceClaim_FlagsUnchangedAndNeverExistingFiles()
    {
        Write("docs/same.md");
        Write("docs/edited.md");
        Write("other.md");
        var snapshot = await WorkspaceSnapshot.CaptureAsync(_repo.Path, Item.Files, TestContext.Current.CancellationToken);
        await File.AppendAllTextAsync(Path.Combine(_repo.Path, "docs/edited.md"), "more", TestContext.Current.CancellationToken);
        var changes = await snapshot.ChangedSinceAsync(_repo.Path, TestContext.Current.CancellationToken);

        var problems = ReportValidator.Validate(Report(files: ["docs/same.md", "docs/edited.md", "other.md", "-docs/never.md"]), Item, _repo.Path, changes);

        Assert.Equal(
            [
                "files: docs/same.md is listed as changed but is unchanged since the claim",
                "files: docs/never.md is listed as deleted but did not exist at the claim",
            ],
            problems);
    }
}

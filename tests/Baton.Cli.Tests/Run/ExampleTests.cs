using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Run;

/// <summary>An example under <c>examples/</c> runs end to end with its scripted agent, as its README says.</summary>
public sealed class ExampleTests
{
    [Fact]
    public async Task Run_FileSummariesExample_EveryTaskDoneAndChecked()
    {
        var example = Path.Combine(RepositoryRoot(), "examples", "file-summaries");
        var files = Directory.EnumerateFiles(example, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(example, f).Replace('\\', '/'), File.ReadAllText);
        using var repo = await GitRepo.CreateAsync(files);
        // The copy did not keep the executable bit; git records it from the file's mode.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(repo.PathOf("agent.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        await repo.GitAsync("commit", "--quiet", "-am", "agent.sh is executable");

        var run = await repo.RunAsync("run", "--agent", "./agent.sh", "--workers", "3", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("run complete", run.Stdout, StringComparison.Ordinal);
        foreach (var name in new[] { "leases", "reservations", "checks" })
        {
            Assert.StartsWith($"# Summary of docs/{name}.md\n\n- ", await repo.GitAsync("show", $"main:summaries/{name}.md"), StringComparison.Ordinal);
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Baton.slnx not found above " + AppContext.BaseDirectory);
    }
}

using System.Diagnostics;

namespace Baton.Cli.Tests.Support;

/// <summary>A real git repository in a temporary directory: one commit on <c>main</c>, identity set locally.</summary>
internal sealed class GitRepo : IDisposable
{
    private readonly TempRepo _dir = new();

    private GitRepo()
    {
    }

    public string Root => _dir.Root;

    public static async Task<GitRepo> CreateAsync(IReadOnlyDictionary<string, string>? files = null)
    {
        var repo = new GitRepo();
        await repo.GitAsync("init", "--quiet", "--initial-branch=main");
        await repo.GitAsync("config", "user.name", "Baton Tests");
        await repo.GitAsync("config", "user.email", "tests@baton.invalid");
        await repo.GitAsync("config", "commit.gpgsign", "false");
        foreach (var (path, text) in files ?? new Dictionary<string, string> { ["README.md"] = "# test repository\n" })
        {
            await repo.WriteAsync(path, text);
        }
        await repo.GitAsync("add", "--all");
        await repo.GitAsync("commit", "--quiet", "-m", "initial");
        return repo;
    }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public async Task WriteAsync(string relative, string text)
    {
        var path = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, text.ReplaceLineEndings("\n"));
    }

    /// <summary>A shell script agent, outside the repository's tracked files (it lives in .git/, which no worktree sees).</summary>
    public async Task<string> ScriptAsync(string name, string body)
    {
        var path = Path.Combine(Root, ".git", name);
        await File.WriteAllTextAsync(path, "#!/bin/sh\n" + body.ReplaceLineEndings("\n"));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return path;
    }

    public async Task<string> GitAsync(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"git {string.Join(' ', args)}: {await stderr}");
        return await stdout;
    }

    public Task<CliResult> RunAsync(params string[] args) => BatonCli.RunAsync(Root, args, timeout: TestTimeouts.Demo);

    public void Dispose()
    {
        // Worktrees hold files read-only for a moment after a run; TempRepo tolerates that.
        _dir.Dispose();
    }
}

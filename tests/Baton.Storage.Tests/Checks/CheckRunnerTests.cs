using Baton.Core.Checks;
using Baton.Service.Checks;
using Baton.Storage.Tests.Support;

namespace Baton.Storage.Tests.Checks;

public sealed class CheckRunnerTests : IDisposable
{
    private readonly TempDirectory _repo = new();
    private readonly CheckRunner _runner = new(TimeProvider.System);

    public void Dispose() => _repo.Dispose();

    private void Write(string path, string content)
    {
        var full = Path.Combine(_repo.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    private async Task<CheckResult> RunOneAsync(string check, params string[] changed)
    {
        var report = await _runner.RunAsync(CheckTasks.With(["**"], check), changed, _repo.Path, TestContext.Current.CancellationToken);
        return Assert.Single(report.Results);
    }

    [Fact]
    public async Task RunAsync_TextCriteria_AreListedNotRun()
    {
        Write("a.md", "x");
        var task = CheckTasks.With([], "be nice", """{"check": "file_exists", "path": "a.md"}""");

        var report = await _runner.RunAsync(task, [], _repo.Path, TestContext.Current.CancellationToken);

        Assert.True(report.Passed);
        Assert.Equal(["be nice"], report.NotMachineChecked);
        Assert.Equal(1, Assert.Single(report.Results).Index);
    }

    [Fact]
    public async Task RunAsync_SymlinkLeadingOutside_FailsTheCheck()
    {
        using var outside = new TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "secret.txt"), "root:x:0:0");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "link.txt"), Path.Combine(outside.Path, "secret.txt"));

        var result = await RunOneAsync("""{"check": "contains", "path": "link.txt", "pattern": "root"}""");

        Assert.False(result.Passed);
        Assert.Equal("link.txt leads outside the repository through a symbolic link", result.Message);
    }

    [Fact]
    public async Task RunAsync_HardLinkToAFileOutside_FailsTheCheck()
    {
        using var outside = new TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "secret.txt"), "root:x:0:0");
        await HardLinkAsync(Path.Combine(outside.Path, "secret.txt"), Path.Combine(_repo.Path, "copy.txt"));

        var result = await RunOneAsync("""{"check": "contains", "path": "copy.txt", "pattern": "root"}""");

        Assert.False(result.Passed);
        Assert.Equal("copy.txt is a hard link (2 names for one file), which may lead outside the repository", result.Message);
    }

    [Fact]
    public async Task RunAsync_FileWithOneName_Passes()
    {
        Write("own.txt", "root:x:0:0");

        Assert.True((await RunOneAsync("""{"check": "contains", "path": "own.txt", "pattern": "root"}""")).Passed);
    }

    private static async Task HardLinkAsync(string target, string link)
    {
        // .NET has no call that makes a hard link; ln(1) is everywhere the tests run.
        using var ln = System.Diagnostics.Process.Start("ln", [target, link]);
        await ln.WaitForExitAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, ln.ExitCode);
    }

    [Fact]
    public async Task RunAsync_SymlinkedDirectoryOutside_FailsTheCheck()
    {
        using var outside = new TempDirectory();
        File.WriteAllText(Path.Combine(outside.Path, "a.json"), "{}");
        Directory.CreateSymbolicLink(Path.Combine(_repo.Path, "out"), outside.Path);

        var result = await RunOneAsync("""{"check": "json_valid", "path": "out/a.json"}""");

        Assert.False(result.Passed);
        Assert.Contains("outside the repository", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SymlinkInside_IsFollowed()
    {
        Write("real/a.md", "hello");
        File.CreateSymbolicLink(Path.Combine(_repo.Path, "alias.md"), "real/a.md");

        Assert.True((await RunOneAsync("""{"check": "not_empty", "path": "alias.md"}""")).Passed);
    }

    [Fact]
    public async Task RunAsync_CommandNotFound_FailsSayingItCouldNotStart()
    {
        var result = await RunOneAsync("""{"check": "command", "run": ["no-such-program-baton"]}""");

        Assert.False(result.Passed);
        Assert.StartsWith("command 'no-such-program-baton' could not start: ", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CommandWithoutShell_PassesMetacharactersLiterally()
    {
        var result = await RunOneAsync("""{"check": "command", "run": ["echo", "$HOME", "&&", "false"]}""");

        Assert.True(result.Passed, result.Message);
        Assert.Equal("$HOME && false\n", result.Output);
    }

    [Fact]
    public async Task RunAsync_CommandFailing_KeepsStdoutAndStderr()
    {
        var result = await RunOneAsync("""{"check": "command", "run": "echo out; echo err >&2; exit 3", "shell": true}""");

        Assert.False(result.Passed);
        Assert.Equal("command 'echo out; echo err >&2; exit 3' exited 3", result.Message);
        Assert.Contains("out\n", result.Output, StringComparison.Ordinal);
        Assert.Contains("err\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CommandWithLongOutput_KeepsTheLastPart()
    {
        var result = await RunOneAsync("""{"check": "command", "run": "seq 1 20000; exit 1", "shell": true}""");

        Assert.StartsWith("[... ", result.Output, StringComparison.Ordinal);
        Assert.EndsWith("19999\n20000\n", result.Output, StringComparison.Ordinal);
        Assert.True(result.Output!.Length < CheckRunner.OutputLimit + 100);
    }

    [Fact]
    public async Task RunAsync_CommandTimingOut_KillsTheProcessTree()
    {
        var pidFile = Path.Combine(_repo.Path, "child.pid");
        // The shell starts a child that records its pid and outlives the shell unless the whole tree is killed.
        var check = $$"""{"check": "command", "run": "sh -c 'echo $$ > child.pid; exec sleep 60' & wait", "shell": true, "timeout": 1}""";

        var result = await RunOneAsync(check);

        Assert.False(result.Passed);
        Assert.Equal("command 'sh -c 'echo $$ > child.pid; exec sleep 60' & wait' timed out after 1s", result.Message);
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var child = System.Diagnostics.Process.GetProcessById(pid);
            // Killed with the tree: it ends at once (an orphaned sleep would run for a minute and fail this wait).
            await child.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken);
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }

    [Fact]
    public async Task RunAsync_CommandCwdAndProgramPath_AreRelativeToTheRepository()
    {
        Write("tools/check.sh", "pwd; echo $BATON_TASK_ID\n");

        var result = await RunOneAsync("""{"check": "command", "run": ["sh", "check.sh"], "cwd": "tools"}""");

        Assert.True(result.Passed, result.Message);
        Assert.EndsWith("/tools\nt1\n", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CwdMissing_Fails()
        => Assert.Equal("the working directory nope does not exist",
            (await RunOneAsync("""{"check": "command", "run": "true", "cwd": "nope"}""")).Message);

    [Fact]
    public async Task RunAsync_InvalidStoredCheck_FailsAsInvalid()
    {
        var result = await RunOneAsync("""{"check": "contains", "path": "a.md"}""");

        Assert.False(result.Passed);
        Assert.Equal(CheckKind.Contains, result.Kind);
        Assert.Equal("invalid check: contains needs a 'pattern' string", result.Message);
    }

    [Fact]
    public async Task RunAsync_NotEmptyOnDirectory_JudgesEntries()
    {
        Directory.CreateDirectory(Path.Combine(_repo.Path, "empty"));

        Assert.Equal("empty is an empty directory", (await RunOneAsync("""{"check": "not_empty", "path": "empty"}""")).Message);
    }

    [Fact]
    public async Task RunAsync_JsonValidSchemaMissing_SaysSo()
    {
        Write("a.json", "{}");

        Assert.Equal("the schema s.json does not exist",
            (await RunOneAsync("""{"check": "json_valid", "path": "a.json", "schema": "s.json"}""")).Message);
    }

    [Fact]
    public async Task RunAsync_FilesWithin_UsesTheReportedFiles()
    {
        var task = CheckTasks.With(["src/api/**"], """{"check": "files_within"}""");

        var report = await _runner.RunAsync(task, ["src/api/a.cs", "src/other.cs"], _repo.Path, TestContext.Current.CancellationToken);

        Assert.Equal("src/other.cs is outside the task's files (src/api/**)", Assert.Single(report.Failures).Message);
    }

    [Fact]
    public async Task RunAsync_Cancelled_StopsTheCommand()
    {
        using var cts = new CancellationTokenSource();
        var task = CheckTasks.With([], """{"check": "command", "run": ["sleep", "30"]}""");
        var run = _runner.RunAsync(task, [], _repo.Path, cts.Token);

        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunAsync_Command_DoesNotSeeBatonsSecrets()
    {
        // Secrets a hub's process would hold: its token and whatever its shell exported.
        using var token = new ScopedVariable("BATON_TOKEN", "hub-token-value");
        using var secret = new ScopedVariable("MY_SECRET", "my-secret-value");

        var result = await RunOneAsync("""{"check": "command", "run": ["env"]}""");

        Assert.True(result.Passed, result.Message);
        Assert.DoesNotContain("hub-token-value", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-value", result.Output, StringComparison.Ordinal);
        Assert.Contains("PATH=", result.Output, StringComparison.Ordinal);
        Assert.Contains("BATON_TASK_ID=t1\n", result.Output, StringComparison.Ordinal);
        Assert.Equal(["BATON_REPOSITORY", "BATON_TASK_ID"], Names(result.Output!).Where(n => n.StartsWith("BATON_", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(Names(result.Output!), name => Assert.True(
            CommandEnvironment.Allowed.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal) || name.StartsWith("BATON_", StringComparison.Ordinal),
            $"{name} is not on the allow-list"));
    }

    [Fact]
    public async Task RunAsync_CommandNamingVariables_SeesThemAndTheSettings()
    {
        using var secret = new ScopedVariable("MY_SECRET", "my-secret-value");
        using var other = new ScopedVariable("MY_OTHER", "not-named");

        var result = await RunOneAsync("""{"check": "command", "run": ["env"], "env": ["MY_SECRET", "CI=1", "EMPTY=", "UNSET_BY_BATON_TEST"]}""");

        Assert.True(result.Passed, result.Message);
        var lines = result.Output!.Split('\n');
        Assert.Contains("MY_SECRET=my-secret-value", lines);
        Assert.Contains("CI=1", lines);
        Assert.Contains("EMPTY=", lines);
        Assert.DoesNotContain("not-named", result.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("UNSET_BY_BATON_TEST", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_StoredCheckPassingBatonVariable_FailsAsInvalidWithoutRunning()
    {
        using var token = new ScopedVariable("BATON_TOKEN", "hub-token-value");

        var result = await RunOneAsync("""{"check": "command", "run": ["touch", "ran"], "env": ["BATON_TOKEN"]}""");

        Assert.False(result.Passed);
        Assert.StartsWith("invalid check: ", result.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_repo.Path, "ran")));
    }

    [Fact]
    public async Task RunAsync_CommandsTurnedOff_FailsWithoutRunning()
    {
        var runner = new CheckRunner(TimeProvider.System, allowCommands: false);
        var task = CheckTasks.With([], """{"check": "command", "run": ["touch", "ran"]}""", """{"check": "files_within"}""");

        var report = await runner.RunAsync(task, [], _repo.Path, TestContext.Current.CancellationToken);

        Assert.Equal("command 'touch ran' was not run: command checks are turned off (the hub was started with --no-command-checks)", report.Results[0].Message);
        Assert.False(report.Results[0].Passed);
        Assert.False(File.Exists(Path.Combine(_repo.Path, "ran")));
    }

    private static IEnumerable<string> Names(string envOutput)
        => envOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains('=', StringComparison.Ordinal)).Select(l => l[..l.IndexOf('=', StringComparison.Ordinal)]);
}

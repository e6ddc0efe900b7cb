using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Baton.Core.Checks;
using Baton.Core.Tasks;

namespace Baton.Service.Checks;

/// <summary>
/// Runs a task's machine checks on a report, in the repository's working tree. Each check has a time limit;
/// commands run without a shell unless the check asks for one; paths (and symbolic links) must stay inside the
/// repository. Plain text criteria are not run, only listed. See docs/checks.md.
/// </summary>
public sealed class CheckRunner
{
    /// <summary>The most command output kept per check: the last this many characters.</summary>
    public const int OutputLimit = 4096;

    /// <summary>The time limit of every check that is not a command.</summary>
    public static readonly TimeSpan FileCheckTimeout = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _timeProvider;
    private readonly bool _allowCommands;

    /// <summary>A runner that takes time limits and durations from <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">Time limits and durations.</param>
    /// <param name="allowCommands">False when command checks are turned off (<c>baton serve --no-command-checks</c>):
    /// a stored one then fails without being run.</param>
    public CheckRunner(TimeProvider timeProvider, bool allowCommands = true)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _allowCommands = allowCommands;
    }

    /// <summary>Runs every machine check of <paramref name="task"/>, one after another in acceptance order.</summary>
    /// <param name="task">The task whose <c>acceptance</c> items are run.</param>
    /// <param name="changedFiles">The report's files (deleted ones written <c>-path</c>), for files_within.</param>
    /// <param name="repositoryRoot">The working tree the worker left.</param>
    /// <param name="cancellationToken">Stops the run; a running command's process tree is killed.</param>
    public async Task<CheckReport> RunAsync(TaskItem task, IReadOnlyList<string> changedFiles, string repositoryRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(changedFiles);
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        cancellationToken.ThrowIfCancellationRequested();
        var started = _timeProvider.GetTimestamp();
        var realRoot = RepositoryFiles.RealRoot(repositoryRoot);
        var results = new List<CheckResult>();
        var text = new List<string>();
        for (var index = 0; index < task.Acceptance.Count; index++)
        {
            var item = task.Acceptance[index];
            if (item.Check is { } element)
            {
                results.Add(await RunOneAsync(index, element, task, changedFiles, realRoot, cancellationToken).ConfigureAwait(false));
            }
            else if (!string.IsNullOrWhiteSpace(item.Text))
            {
                text.Add(item.Text);
            }
        }
        return new CheckReport { Results = results, NotMachineChecked = text, DurationMs = ElapsedMs(started) };
    }

    private async Task<CheckResult> RunOneAsync(int index, JsonElement element, TaskItem task, IReadOnlyList<string> changedFiles,
        string realRoot, CancellationToken cancellationToken)
    {
        var started = _timeProvider.GetTimestamp();
        if (!CheckParser.TryParse(element, realRoot, out var check, out var problems))
        {
            // Stored before import validated checks, or edited since: the task asks for it, so it cannot pass.
            var kind = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("check", out var k)
                && CheckKinds.TryParse(k.GetString(), out var parsed) ? parsed : (CheckKind?)null;
            return new CheckResult
            {
                Index = index,
                Kind = kind,
                Name = element.GetRawText(),
                Passed = false,
                Message = "invalid check: " + string.Join("; ", problems),
                DurationMs = ElapsedMs(started),
            };
        }
        var verdict = check is CommandCheck command
            ? await RunCommandAsync(command, task, realRoot, cancellationToken).ConfigureAwait(false)
            : await RunFileCheckAsync(check, task, changedFiles, realRoot, cancellationToken).ConfigureAwait(false);
        return new CheckResult
        {
            Index = index,
            Kind = check.Kind,
            Name = check.Label,
            Passed = verdict.Passed,
            Message = verdict.Message,
            Output = verdict.Output,
            DurationMs = ElapsedMs(started),
        };
    }

    private async Task<CheckVerdict> RunFileCheckAsync(CheckDefinition check, TaskItem task, IReadOnlyList<string> changedFiles,
        string realRoot, CancellationToken cancellationToken)
    {
        using var limit = new CancellationTokenSource(FileCheckTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        try
        {
            return check switch
            {
                FileExistsCheck c => Resolve(realRoot, c.Path, out var full, out var failure) ? FileChecks.Exists(c.Path, full) : failure,
                NotEmptyCheck c => Resolve(realRoot, c.Path, out var full, out var failure)
                    ? await FileChecks.NotEmptyAsync(c.Path, full, linked.Token).ConfigureAwait(false) : failure,
                JsonValidCheck c => await JsonValidAsync(c, realRoot, linked.Token).ConfigureAwait(false),
                ContainsCheck c => await ContainsAsync(c, realRoot, linked.Token).ConfigureAwait(false),
                FilesWithinCheck => CheckEvaluation.FilesWithin(task.Files, changedFiles),
                _ => throw new UnreachableException($"no runner for {check.Kind}"),
            };
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return CheckVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"{check.Label} timed out after {FileCheckTimeout.TotalSeconds:0}s"));
        }
    }

    private static async Task<CheckVerdict> JsonValidAsync(JsonValidCheck check, string realRoot, CancellationToken cancellationToken)
    {
        if (!Resolve(realRoot, check.Path, out var full, out var failure))
        {
            return failure;
        }
        var (content, readFailure) = await FileChecks.ReadAsync(check.Path, full, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return readFailure;
        }
        byte[]? schema = null;
        if (check.Schema is not null)
        {
            if (!Resolve(realRoot, check.Schema, out var schemaFull, out var schemaFailure))
            {
                return schemaFailure;
            }
            (schema, readFailure) = await FileChecks.ReadAsync($"the schema {check.Schema}", schemaFull, cancellationToken).ConfigureAwait(false);
            if (schema is null)
            {
                return readFailure;
            }
        }
        return JsonValidCheckJudge.Judge(check, content, schema);
    }

    private static async Task<CheckVerdict> ContainsAsync(ContainsCheck check, string realRoot, CancellationToken cancellationToken)
    {
        if (!Resolve(realRoot, check.Path, out var full, out var failure))
        {
            return failure;
        }
        var (content, readFailure) = await FileChecks.ReadAsync(check.Path, full, cancellationToken).ConfigureAwait(false);
        return content is null ? readFailure : CheckEvaluation.Contains(check, Encoding.UTF8.GetString(content));
    }

    private async Task<CheckVerdict> RunCommandAsync(CommandCheck check, TaskItem task, string realRoot, CancellationToken cancellationToken)
    {
        if (!_allowCommands)
        {
            return CheckVerdict.Fail($"command '{check.CommandLine}' was not run: command checks are turned off (the hub was started with --no-command-checks)");
        }
        var directory = realRoot;
        if (check.WorkingDirectory is { } cwd)
        {
            if (!Resolve(realRoot, cwd, out directory, out var failure))
            {
                return failure;
            }
            if (!Directory.Exists(directory))
            {
                return CheckVerdict.Fail($"the working directory {cwd} does not exist");
            }
        }
        var outcome = await CommandProcess.RunAsync(StartInfo(check, task, realRoot, directory), check.Timeout, OutputLimit,
            _timeProvider, cancellationToken).ConfigureAwait(false);
        var output = string.IsNullOrWhiteSpace(outcome.Output) ? null : outcome.Output;
        var line = $"command '{check.CommandLine}'";
        return outcome switch
        {
            { StartProblem: { } problem } => CheckVerdict.Fail($"{line} could not start: {problem}"),
            { TimedOut: true } => CheckVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"{line} timed out after {check.Timeout.TotalSeconds:0.###}s"), output),
            { ExitCode: 0 } => CheckVerdict.Pass($"{line} exited 0", output),
            _ => CheckVerdict.Fail(string.Create(CultureInfo.InvariantCulture, $"{line} exited {outcome.ExitCode}"), output),
        };
    }

    private static ProcessStartInfo StartInfo(CommandCheck check, TaskItem task, string realRoot, string directory)
    {
        var start = new ProcessStartInfo { WorkingDirectory = directory };
        if (check.Shell)
        {
            start.FileName = "/bin/sh";
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(check.Script!); // the parser sets Script whenever Shell is true
        }
        else
        {
            // Process resolves a relative program against our own current directory, not WorkingDirectory: do it here.
            var program = check.Arguments[0];
            start.FileName = program.Contains('/', StringComparison.Ordinal) ? Path.GetFullPath(program, directory) : program;
            foreach (var argument in check.Arguments.Skip(1))
            {
                start.ArgumentList.Add(argument);
            }
        }
        CommandEnvironment.Apply(start, check, task.Id.Value, realRoot);
        return start;
    }

    private static bool Resolve(string realRoot, string relative, out string fullPath, out CheckVerdict failure)
    {
        if (RepositoryFiles.TryResolve(realRoot, relative, out fullPath, out var problem))
        {
            failure = default;
            return true;
        }
        failure = CheckVerdict.Fail(problem!); // TryResolve gives a problem whenever it returns false
        return false;
    }

    private long ElapsedMs(long started) => (long)_timeProvider.GetElapsedTime(started).TotalMilliseconds;
}

using System.Diagnostics;
using Baton.Cli.Infrastructure;
using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub;
using Baton.Hub.Access;
using Baton.Hub.Stores;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Run;

/// <summary>
/// <c>baton run</c>: a hub in this process (or <c>--server</c>, or the hub that already serves the store), the plan imported, one git worktree and one
/// worker loop per worker, a live view, and the plan's summary at the end.
/// </summary>
internal sealed partial class RunPool(RunOptions options)
{
    private readonly RunView _view = new(options.Json);

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var mark = Stopwatch.GetTimestamp();
        var opened = await GitRepository.OpenAsync(Environment.CurrentDirectory, cancellationToken);
        if (!opened.IsOk)
        {
            return Output.Fail(opened.Error, options.Json);
        }
        using var repository = opened.Value;
        var dirty = await repository.DirtyTrackedFilesAsync(cancellationToken);
        if (dirty.Count > 0 && !options.NoMerge)
        {
            return Output.Fail(BatonError.Of(ErrorCode.BadRequest,
                $"{repository.Root} has uncommitted changes; commit or stash them first (done tasks are merged into {repository.MainBranch} there)",
                [.. dirty.Take(20)]), options.Json);
        }
        var batonDir = Path.Combine(repository.Root, StoreLocator.DirectoryName);
        var target = RunStore(repository.Root, batonDir);
        if (!target.IsOk)
        {
            return Output.Fail(target.Error, options.Json);
        }
        var store = target.Value;
        if (options.DryRun)
        {
            return await RunDryRun.PrintAsync(options, repository, store, cancellationToken);
        }
        var plan = await ReadPlanAsync(repository, cancellationToken);
        if (!plan.IsOk)
        {
            return Output.Fail(plan.Error, options.Json);
        }
        await PrepareBatonDirectoryAsync(batonDir, cancellationToken);
        mark = RunTrace.Phase("run", "-", "open", mark);
        // Git adds the worktrees while the hub starts and the plan is imported: they need only the repository.
        var worktrees = AddWorktreesAsync(repository, batonDir, cancellationToken);

        RunningHub? hub = null;
        var agentTokens = new List<string>();
        try
        {
            var server = options.Server;
            var token = await Connector.ResolveTokenAsync(null, options.Store, Environment.CurrentDirectory, cancellationToken);
            if (server is null)
            {
                // One hub per SQLite store: a hub that serves it already (baton serve) is used, not fought over. On
                // PostgreSQL this run's hub is one more beside any others.
                if (store.FilePath is { } storePath && HubLockFile.TryReadRunning(storePath) is { Url: not null } running)
                {
                    server = UseRunning(running);
                }
                else
                {
                    try
                    {
                        hub = await BatonHub.StartAsync(new HubOptions
                        {
                            StoreTarget = store,
                            Urls = "http://127.0.0.1:0",
                            CreateStoreIfMissing = true,
                            ConfigureLogging = logging => logging.ClearProviders(),
                        }, cancellationToken);
                        server = hub.Url.ToString();
                        await using var access = AccessStores.For(store, TimeProvider.System);
                        token = HubToken.Local(await access.LoadOrCreateKeyAsync(cancellationToken));
                    }
                    catch (StoreOpenException ex)
                    {
                        return Output.Fail(ex.Code, ex.Message, options.Json);
                    }
                    catch (HubAlreadyRunningException ex)
                    {
                        if (ex.Running.Url is null)
                        {
                            return Output.Fail(ErrorCode.BadRequest, ex.Message, options.Json);
                        }
                        server = UseRunning(ex.Running);
                    }
                }
            }
            RunTrace.Phase("run", "-", "hub", mark);
            var context = new RunContext { Repository = repository, Options = options, ServerUrl = server, BatonDirectory = batonDir, View = _view, Token = token };
            var minted = await MintAgentTokensAsync(context, store, agentTokens, cancellationToken);
            if (!minted.IsOk)
            {
                return Output.Fail(minted.Error, options.Json);
            }
            return await DriveAsync(context, plan.Value, worktrees, cancellationToken);
        }
        finally
        {
            // Whatever ended the run, git is done with the repository before this returns; a failure of its own was
            // reported by DriveAsync, or does not matter when the run ended before it needed the worktrees.
            await ((Task)worktrees).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var stopping = Stopwatch.GetTimestamp();
            await ForgetAgentTokensAsync(store, agentTokens);
            if (hub is not null)
            {
                await hub.StopAsync();
            }
            RunTrace.Phase("run", "-", "stop", stopping);
        }
    }

    private string UseRunning(HubLockRecord running)
    {
        _view.Line($"using the hub that serves this store {running.Describe()}");
        return running.Url!.ToString();
    }

    private async Task<int> DriveAsync(RunContext context, string? planText, Task<BatonError?> worktrees, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var mark = started;
        var coordinator = await Connector.OpenHubAsync(context.ServerUrl, "coordinator", null, null, BatonSessionKind.Ephemeral, cancellationToken, context.Token);
        if (!coordinator.IsOk)
        {
            return Output.Fail(coordinator.Error, options.Json);
        }
        await using var session = coordinator.Value;
        if (planText is not null)
        {
            var imported = await session.Api.ImportAsync(planText, cancellationToken);
            if (!imported.IsOk)
            {
                return Output.Fail(imported.Error, options.Json);
            }
            mark = RunTrace.Phase("run", "-", "import", mark);
            _view.Line($"imported {imported.Value.Imported.Count} task(s) from {options.Plan}: {string.Join(", ", imported.Value.Imported)}");
            foreach (var warning in imported.Value.Warnings)
            {
                Output.Note($"warning: {warning}");
            }
        }
        var workers = new List<(RunWorker Worker, BatonSession Session)>();
        var tallies = new List<WorkerTally>();
        try
        {
            var names = WorkerNames.ToList();
            var opening = Task.WhenAll(names.Select(name => Connector.OpenHubAsync(context.ServerUrl, "worker", new WorkerId(name), null, BatonSessionKind.Persistent, cancellationToken, context.Token)));
            BatonError? failed = null;
            try
            {
                failed = await worktrees;
            }
            finally
            {
                // Every session that opened is kept, to be closed below, whatever else failed.
                foreach (var (name, opened) in names.Zip(await opening))
                {
                    if (!opened.IsOk)
                    {
                        failed ??= opened.Error;
                        continue;
                    }
                    var tally = new WorkerTally { Worker = name };
                    tallies.Add(tally);
                    workers.Add((new RunWorker(context, opened.Value.Api, WorktreePath(context.BatonDirectory, name), tally), opened.Value));
                }
                mark = RunTrace.Phase("run", "-", "sessions", mark);
            }
            if (failed is not null)
            {
                return Output.Fail(failed, options.Json);
            }
            _view.Line($"{options.Workers} worker(s) on {context.Repository.Root} (merging into {context.Repository.MainBranch}{(options.NoMerge ? ": off, --no-merge" : "")}), hub {context.ServerUrl}, agent: {options.Agent}");
            await Task.WhenAll(workers.Select(w => w.Worker.RunAsync(cancellationToken)));
            mark = RunTrace.Phase("run", "-", "workers", mark);
        }
        finally
        {
            foreach (var (_, workerSession) in workers)
            {
                await workerSession.DisposeAsync();
            }
        }
        var status = await session.Api.StatusAsync(cancellationToken);
        if (!status.IsOk)
        {
            return Output.Fail(status.Error, options.Json);
        }
        var summary = new RunSummary
        {
            Complete = status.Value.Complete,
            Total = status.Value.Total,
            Counts = status.Value.Counts,
            WallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds,
            Workers = tallies,
            Server = context.ServerUrl,
        };
        RunTrace.Phase("run", "-", "summary", mark);
        RunSummaryText.Write(summary, options.Json);
        return summary.Complete ? 0 : 1;
    }

    /// <summary>Gives each agent a worker token bound to its worker's name (so an agent cannot act as another worker,
    /// import or resolve), when this run speaks with the repository's own token and so holds the hub's key; otherwise
    /// the agents get the run's token. The tokens are forgotten when the run ends (and expire in a day if it dies).</summary>
    private static async Task<Result<bool>> MintAgentTokensAsync(RunContext context, StoreTarget store, List<string> minted, CancellationToken cancellationToken)
    {
        await using var access = AccessStores.For(store, TimeProvider.System);
        byte[]? key;
        try
        {
            key = await access.TryLoadKeyAsync(cancellationToken);
        }
        catch (InvalidDataException)
        {
            key = null;
        }
        for (var k = 1; k <= context.Options.Workers; k++)
        {
            var name = $"worker-{k}";
            if (key is null || context.Token != HubToken.Local(key))
            {
                context.AgentTokens[name] = context.Token;
                continue;
            }
            var made = await access.CreateAsync(HubRole.Worker, new WorkerId(name), TimeSpan.FromDays(1), "baton run agent", cancellationToken);
            if (!made.IsOk)
            {
                return Result<bool>.Fail(made.Error);
            }
            context.AgentTokens[name] = made.Value.Token;
            minted.Add(made.Value.Record.Id);
        }
        return true;
    }

    // Runs as the run ends, whatever ended it (Ctrl+C included): not cancelled.
    private static async Task ForgetAgentTokensAsync(StoreTarget store, List<string> minted)
    {
        if (minted.Count > 0)
        {
            await using var access = AccessStores.For(store, TimeProvider.System);
            await access.ForgetAsync(minted, CancellationToken.None);
        }
    }

    /// <summary>The run's store: <c>--store</c>, else the one <c>baton init --store</c> recorded in the repository's
    /// <c>.baton/store</c>, else the repository's <c>.baton/baton.db</c> (made if missing).</summary>
    private Result<StoreTarget> RunStore(string root, string batonDir)
    {
        if (options.Store is { } given)
        {
            return StoreTarget.Parse(given, Environment.CurrentDirectory, "--store");
        }
        if (StorePointer.TryRead(batonDir) is { } recorded)
        {
            var target = StoreTarget.Parse(recorded, root, StorePointer.PathIn(batonDir));
            return target.IsOk ? target.Value with { RepositoryRoot = root } : target;
        }
        return StoreTarget.File(Path.Combine(batonDir, StoreLocator.DatabaseName));
    }
}

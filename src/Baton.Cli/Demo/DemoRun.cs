using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Baton.Cli.Infrastructure;
using Baton.Cli.Init;
using Baton.Cli.Rendering;
using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Status;
using Baton.Hub;
using Baton.Hub.Access;
using Microsoft.Extensions.Logging;

namespace Baton.Cli.Demo;

/// <summary>
/// <c>baton demo</c>: a temporary repository, <c>init</c>, a hub in this process (or local mode), the
/// sample plan, N worker processes of this executable, a live status, and a closing summary.
/// </summary>
internal sealed class DemoRun(int workers, bool local, bool keep, bool json)
{
    private static readonly TimeSpan WorkersJoinTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan WorkerExitTimeout = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _workerLines = new();
    private readonly List<Process> _processes = [];

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        // Said before anything is set up, so a first run shows at once that it is going (init, the hub's start
        // and the workers' start take about a second on the .NET runtime).
        Output.Note($"demo: starting: a scratch repository, {(local ? "its store in local mode" : "a hub")} and {workers} worker process(es)...");
        var root = Path.Combine(Path.GetTempPath(), $"baton-demo-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(root);
        RunningHub? hub = null;
        try
        {
            DemoPlan.WriteRepository(root);
            var init = await InitWriter.RunAsync(root, force: false, cancellationToken);
            string[] modeArgs;
            Result<BatonSession> opened;
            if (local)
            {
                modeArgs = ["--store", init.Store];
                opened = await Connector.OpenLocalAsync(init.Store, root, waits: true, cancellationToken);
            }
            else
            {
                hub = await BatonHub.StartAsync(new HubOptions
                {
                    StorePath = init.Store,
                    Urls = "http://127.0.0.1:0",
                    ConfigureLogging = logging => logging.ClearProviders(),
                }, cancellationToken);
                modeArgs = ["--server", hub.Url.ToString()];
                var token = HubToken.Local(AccessKey.LoadOrCreate(Path.GetDirectoryName(init.Store)!)); // the store's path is full
                opened = await Connector.OpenHubAsync(hub.Url.ToString(), "coordinator", null, null, BatonSessionKind.Ephemeral, cancellationToken, token);
            }
            if (!opened.IsOk)
            {
                return Output.Fail(opened.Error, json);
            }
            await using var session = opened.Value;
            Output.Note($"demo: {(local ? "local mode" : $"hub at {hub!.Url}")}, {workers} worker process(es), repository {root}");
            return await DriveAsync(session, root, modeArgs, started, cancellationToken);
        }
        finally
        {
            foreach (var process in _processes.Where(p => !p.HasExited))
            {
                process.Kill(entireProcessTree: true);
            }
            if (hub is not null)
            {
                await hub.StopAsync();
            }
            if (!keep)
            {
                TryDelete(root);
            }
        }
    }

    private async Task<int> DriveAsync(BatonSession session, string root, string[] modeArgs, long started, CancellationToken cancellationToken)
    {
        for (var i = 1; i <= workers; i++)
        {
            StartWorker($"worker-{i}", root, modeArgs);
        }
        await WaitForWorkersAsync(session, cancellationToken);
        var imported = await session.Api.ImportAsync(DemoPlan.PlanJson(), cancellationToken);
        if (!imported.IsOk)
        {
            return Output.Fail(imported.Error, json);
        }

        using var runTimeout = new CancellationTokenSource(RunTimeout, TimeProvider.System);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, runTimeout.Token);
        Result<StatusSnapshot> final;
        try
        {
            final = await StatusWatcher.RunAsync(session.Api, session.Location, s => s.Complete || _processes.All(p => p.HasExited), allowLive: !json, linked.Token);
        }
        catch (OperationCanceledException) when (runTimeout.IsCancellationRequested)
        {
            final = await session.Api.StatusAsync(cancellationToken);
        }
        if (!final.IsOk)
        {
            return Output.Fail(final.Error, json);
        }
        await WaitForExitAsync(cancellationToken);
        var wall = Stopwatch.GetElapsedTime(started);
        var summary = DemoReport.Summarize(final.Value, ReadWorkerStats(), local ? "local" : "hub", wall, keep ? root : null);
        DemoReport.Write(summary, json);
        return summary.Complete && summary.Done == summary.Tasks
            ? 0
            : Output.Fail(ErrorCode.InternalError, $"demo did not complete: {StatusView.Counts(final.Value)}", json);
    }

    private void StartWorker(string name, string root, string[] modeArgs)
    {
        var process = SelfProcess.Start(["demo-worker", "--worker", name, "--repo", root, .. modeArgs], root);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                _workerLines.Enqueue(line);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine(TerminalText.Escape($"  [{name}] {line}"));
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
    }

    /// <summary>The plan is imported once the workers wait, so the handoff latency measures a push, not start-up.</summary>
    private async Task WaitForWorkersAsync(BatonSession session, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(deadline) < WorkersJoinTimeout && !_processes.All(p => p.HasExited))
        {
            var status = await session.Api.StatusAsync(cancellationToken);
            if (!status.IsOk || status.Value.Workers.Count >= workers)
            {
                return;
            }
            await session.Api.ReadEventsAsync(status.Value.LastEventId, 1, TimeSpan.FromMilliseconds(200), cancellationToken);
        }
    }

    private async Task WaitForExitAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(WorkerExitTimeout);
        try
        {
            await Task.WhenAll(_processes.Select(p => p.WaitForExitAsync(timeout.Token)));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Output.Note("demo: some workers did not stop in time; killing them");
        }
    }

    private List<DemoWorkerStats> ReadWorkerStats()
    {
        var stats = new List<DemoWorkerStats>();
        foreach (var line in _workerLines.Where(l => l.StartsWith('{')))
        {
            try
            {
                if (JsonSerializer.Deserialize(line, CliJsonContext.Default.DemoWorkerStats) is { } s)
                {
                    stats.Add(s);
                }
            }
            catch (JsonException)
            {
                Output.Note($"demo: unreadable worker line: {line}");
            }
        }
        return stats;
    }

    private static void TryDelete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException ex)
        {
            Output.Note($"demo: could not remove {root}: {ex.Message}");
        }
    }
}

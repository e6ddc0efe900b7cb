using System.CommandLine;
using Baton.Client;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Cli.Infrastructure;

/// <summary>The boundary around a verb's body: opens the session, maps failures to exit codes, catches bugs.</summary>
internal static class VerbRunner
{
    /// <summary>Exit code when interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Interrupted = 130;

    /// <summary>Runs a one-shot verb: in hub mode its connection is ephemeral (one call, then closed; the hub
    /// leaves the worker's leases to their expiry and heartbeats). <paramref name="waits"/>: the verb may block
    /// until something changes, so a local store watches for other processes' commits (see
    /// <see cref="Connector.OpenLocalAsync(string?, string, bool, CancellationToken)"/>).</summary>
    public static Task<int> RunAsync(
        ParseResult parseResult,
        string role,
        WorkerId? worker,
        bool waits,
        Func<BatonSession, bool, Task<int>> body,
        CancellationToken cancellationToken)
        => RunAsync(parseResult, role, worker, null, BatonSessionKind.Ephemeral, waits, body, cancellationToken);

    /// <summary>As above; in hub mode the session's hello also carries the worker's capacity, labels and priority.</summary>
    public static async Task<int> RunAsync(
        ParseResult parseResult,
        string role,
        WorkerId? worker,
        WorkerHello? hello,
        BatonSessionKind sessionKind,
        bool waits,
        Func<BatonSession, bool, Task<int>> body,
        CancellationToken cancellationToken)
    {
        var json = parseResult.GetValue(CommonOptions.Json);
        return await GuardAsync(json, async () =>
        {
            var opened = await Connector.OpenAsync(parseResult, role, worker, hello, sessionKind, waits, cancellationToken);
            if (!opened.IsOk)
            {
                return Output.Fail(opened.Error, json);
            }
            await using var session = opened.Value;
            return await body(session, json);
        }, cancellationToken);
    }

    /// <summary>Runs <paramref name="body"/>; Ctrl+C is a normal end, any other exception a bug (exit 1).</summary>
    public static async Task<int> GuardAsync(bool json, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Interrupted;
        }
        catch (Exception ex)
        {
            return Output.Fail(ErrorCode.InternalError, $"internal error: {ex.GetType().Name}: {ex.Message}", json);
        }
    }

    /// <summary>The worker is required: a usage error (exit 2) when neither <c>--worker</c> nor <c>BATON_WORKER</c> names one.</summary>
    public static WorkerId? RequireWorker(ParseResult parseResult, Option<string?> option, out int exitCode)
    {
        var worker = CommonOptions.ResolveWorker(parseResult, option);
        exitCode = worker is null
            ? Output.Fail(ErrorCode.BadRequest, $"--worker is required (or set {CommonOptions.WorkerEnvironmentVariable})", parseResult.GetValue(CommonOptions.Json))
            : 0;
        return worker;
    }
}

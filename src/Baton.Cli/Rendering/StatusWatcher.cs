using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Status;
using Spectre.Console;

namespace Baton.Cli.Rendering;

/// <summary>
/// Redraws the status whenever events arrive, at most every 500 ms and at least every 2 s (so "last seen"
/// keeps counting). Waiting on <see cref="IBatonApi.ReadEventsAsync"/> works in both modes: the hub pushes
/// events, local mode wakes on store change notifications.
/// </summary>
internal static class StatusWatcher
{
    private static readonly TimeSpan MinRedraw = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxRedraw = TimeSpan.FromSeconds(2);

    /// <summary>Watches until <paramref name="stop"/> holds or the token is cancelled; the last snapshot or the error.</summary>
    public static async Task<Result<StatusSnapshot>> RunAsync(
        IBatonApi api, string location, Func<StatusSnapshot, bool> stop, bool allowLive, CancellationToken cancellationToken)
    {
        var first = await api.StatusAsync(cancellationToken);
        if (!first.IsOk)
        {
            return first;
        }
        var time = TimeProvider.System;
        if (!allowLive || !AnsiConsole.Profile.Capabilities.Interactive || Console.IsOutputRedirected)
        {
            return await PlainAsync(api, first.Value, stop, cancellationToken);
        }
        var result = first;
        await AnsiConsole.Live(StatusView.Render(first.Value, location, time.GetUtcNow()))
            .AutoClear(false)
            .StartAsync(async ctx =>
            {
                while (result.IsOk && !stop(result.Value) && !cancellationToken.IsCancellationRequested)
                {
                    await NextChangeAsync(api, result.Value.LastEventId, cancellationToken);
                    result = await api.StatusAsync(cancellationToken);
                    if (result.IsOk)
                    {
                        ctx.UpdateTarget(StatusView.Render(result.Value, location, time.GetUtcNow()));
                    }
                }
            });
        return result;
    }

    /// <summary>Without a terminal: one counts line each time something changed, on stderr.</summary>
    private static async Task<Result<StatusSnapshot>> PlainAsync(
        IBatonApi api, StatusSnapshot first, Func<StatusSnapshot, bool> stop, CancellationToken cancellationToken)
    {
        var current = first;
        Console.Error.WriteLine($"baton: {StatusView.Counts(current)}");
        while (!stop(current) && !cancellationToken.IsCancellationRequested)
        {
            await NextChangeAsync(api, current.LastEventId, cancellationToken);
            var next = await api.StatusAsync(cancellationToken);
            if (!next.IsOk)
            {
                return next;
            }
            if (next.Value.LastEventId != current.LastEventId)
            {
                Console.Error.WriteLine($"baton: {StatusView.Counts(next.Value)}");
            }
            current = next.Value;
        }
        return current;
    }

    private static async Task NextChangeAsync(IBatonApi api, long afterEventId, CancellationToken cancellationToken)
    {
        var atLeast = Task.Delay(MinRedraw, TimeProvider.System, cancellationToken);
        await api.ReadEventsAsync(afterEventId, 1, MaxRedraw, cancellationToken);
        await atLeast;
    }
}

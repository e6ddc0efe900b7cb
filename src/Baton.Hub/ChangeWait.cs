using System.Diagnostics;

namespace Baton.Hub;

/// <summary>How the hub's background loops wait between looks at the store.</summary>
internal static class ChangeWait
{
    /// <summary>
    /// Waits for <paramref name="changed"/> (a store change) or <paramref name="timeout"/>, whichever comes
    /// first. Called at the end of a look: when a change wakes it sooner than <paramref name="minGap"/> after
    /// that, it waits out the rest, so under steady writes the loop looks once per gap, taking what several
    /// commits did, instead of once per commit.
    /// </summary>
    public static async Task WaitAsync(Task changed, Task timeout, TimeSpan minGap, CancellationToken cancellationToken)
    {
        var lookedAt = Stopwatch.GetTimestamp();
        if (await Task.WhenAny(changed, timeout) == changed && Stopwatch.GetElapsedTime(lookedAt) is var since && since < minGap)
        {
            await Task.Delay(minGap - since, cancellationToken);
        }
    }
}

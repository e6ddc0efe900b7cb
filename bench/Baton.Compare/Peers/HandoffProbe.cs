using System.Diagnostics;

namespace Baton.Compare.Peers;

/// <summary>Runs the handoff workload the same way for every peer.</summary>
internal static class HandoffProbe
{
    // Time for the consumer's blocking request to reach the server before the task is added, so
    // each sample measures a wake-up of a consumer that is already waiting. The same for every peer.
    private static readonly TimeSpan ArmDelay = TimeSpan.FromMilliseconds(2);

    /// <summary>
    /// For each sample: the consumer starts waiting, the producer adds one task, and the time from
    /// just before the add to the consumer holding the claimed task is recorded; the consumer then
    /// acknowledges it. The next task is added only after the previous one was received.
    /// A few unrecorded rounds run first, to warm up connections and the JIT.
    /// </summary>
    public static async Task<LatencySummary> MeasureAsync(int samples, IHandoffConsumer consumer,
        Func<string, CancellationToken, Task> addAsync, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        var warmup = Math.Clamp(samples / 10, 5, 50);
        var latencies = new List<double>(samples);
        for (var i = 0; i < warmup + samples; i++)
        {
            var name = (i < warmup ? "warm" : "task") + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var received = ReceiveStampedAsync(consumer, cancellationToken);
            await Task.Delay(ArmDelay, cancellationToken);
            var sent = Stopwatch.GetTimestamp();
            await addAsync(name, cancellationToken);
            var (id, at) = await received;
            if (i >= warmup)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent, at).TotalMicroseconds);
            }
            await consumer.AckAsync(id, cancellationToken);
        }
        return LatencySummary.From(latencies);
    }

    private static async Task<(string Id, long At)> ReceiveStampedAsync(IHandoffConsumer consumer, CancellationToken cancellationToken)
    {
        var id = await consumer.ReceiveAsync(cancellationToken);
        return (id, Stopwatch.GetTimestamp());
    }
}

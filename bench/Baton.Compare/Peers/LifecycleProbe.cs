using System.Diagnostics;

namespace Baton.Compare.Peers;

/// <summary>Runs the lifecycle workload the same way for every peer.</summary>
internal static class LifecycleProbe
{
    /// <summary>
    /// Connects <paramref name="consumers"/> consumers, then times them claiming and acknowledging
    /// <paramref name="tasks"/> preloaded tasks. Returns tasks/s over the acks after the first tenth: those
    /// are a warm-up (JIT, connection and cache warm-up in clients and in-process servers), untimed for every peer alike.
    /// Over the same span it samples the CPU the machine spent (<see cref="CpuSample"/>).
    /// </summary>
    /// <remarks>
    /// Consumers draw a ticket before each claim, so no consumer ever claims from an empty queue:
    /// the clock stops at the last ack instead of at a blocking claim's timeout, and every loop is
    /// bounded by the task count.
    /// </remarks>
    public static async Task<LifecycleResult> MeasureAsync(int consumers, int tasks,
        Func<int, CancellationToken, Task<ILifecycleConsumer>> connectAsync, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(consumers, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        var connected = new List<ILifecycleConsumer>(consumers);
        try
        {
            for (var c = 0; c < consumers; c++)
            {
                connected.Add(await connectAsync(c, cancellationToken));
            }
            var tickets = tasks;
            var acked = 0;
            var warm = tasks / 10;
            var warmAt = Stopwatch.GetTimestamp();
            var warmCpu = CpuSample.Take();
            await Task.WhenAll(connected.Select(consumer => Task.Run(async () =>
            {
                if (consumer is IChainedLifecycleConsumer chained)
                {
                    // Draw the next ticket before acknowledging, so a consumer claims a next task only when it
                    // will also acknowledge it.
                    var have = Interlocked.Decrement(ref tickets) >= 0;
                    while (have)
                    {
                        var another = Interlocked.Decrement(ref tickets) >= 0;
                        if (!await chained.AckAndClaimNextAsync(another, cancellationToken))
                        {
                            throw new InvalidOperationException("a preloaded task could not be claimed: the queue lost or hid a task");
                        }
                        Acked();
                        have = another;
                    }
                    return;
                }
                while (Interlocked.Decrement(ref tickets) >= 0)
                {
                    if (!await consumer.ClaimAndAckAsync(cancellationToken))
                    {
                        throw new InvalidOperationException("a preloaded task could not be claimed: the queue lost or hid a task");
                    }
                    Acked();
                }
            }, cancellationToken)));
            var elapsed = Stopwatch.GetElapsedTime(Volatile.Read(ref warmAt));
            var (machineUs, harnessUs, postgresUs, batonUs) = CpuSample.PerTask(warmCpu, CpuSample.Take(), tasks - warm);
            Debug.Assert(acked == tasks, "every ticket ends in an ack or an exception");
            return new LifecycleResult((tasks - warm) / elapsed.TotalSeconds, machineUs, harnessUs, postgresUs, batonUs);

            void Acked()
            {
                if (Interlocked.Increment(ref acked) == warm)
                {
                    // Read by the awaiting thread after Task.WhenAll, which orders it after this write.
                    warmCpu = CpuSample.Take();
                    Volatile.Write(ref warmAt, Stopwatch.GetTimestamp());
                }
            }
        }
        finally
        {
            foreach (var consumer in connected)
            {
                await consumer.DisposeAsync();
            }
        }
    }
}

/// <summary>One timed lifecycle run: tasks/s, and the CPU per task over the same span, of the whole machine
/// (null where <c>/proc/stat</c> cannot be read), of the harness process (the clients, and the hub or store
/// of the rows that run it in-process), of PostgreSQL's processes and of <c>baton serve</c> processes.</summary>
internal sealed record LifecycleResult(double TasksPerSecond, double? MachineCpuUs, double HarnessCpuUs, double PostgresCpuUs = 0, double BatonCpuUs = 0)
{
    /// <summary>PostgreSQL's write transactions per task over the whole run (connections and warm-up included), for the
    /// rows on PostgreSQL.</summary>
    public double? PostgresTransactions { get; init; }

    /// <summary>PostgreSQL's WAL bytes per task over the whole run, for the rows on PostgreSQL.</summary>
    public double? PostgresWalBytes { get; init; }
}

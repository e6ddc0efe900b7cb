using System.Diagnostics;

namespace Baton.Storage.Postgres;

/// <summary>What the writer did, counted as it ran (for the tests and the benchmark: bench/Baton.PgStoreBench prints them
/// beside each row). Written by the writer thread only; read at any time.</summary>
internal sealed class WriterCounters
{
    private long _batches;
    private long _writes;
    private long _roundTrips;
    private long _batchTicks;
    private long _commitTicks;

    public long Batches => Volatile.Read(ref _batches);

    public long Writes => Volatile.Read(ref _writes);

    /// <summary>Round trips to the server, commits included.</summary>
    public long RoundTrips => Volatile.Read(ref _roundTrips);

    public TimeSpan InBatches => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _batchTicks));

    /// <summary>Time in the commit's round trip (PostgreSQL's WAL flush is in it).</summary>
    public TimeSpan InCommits => Stopwatch.GetElapsedTime(0, Volatile.Read(ref _commitTicks));

    public void Batch(int writes, long ticks)
    {
        Volatile.Write(ref _batches, _batches + 1);
        Volatile.Write(ref _writes, _writes + writes);
        Volatile.Write(ref _batchTicks, _batchTicks + ticks);
    }

    public void RoundTrip() => Volatile.Write(ref _roundTrips, _roundTrips + 1);

    public void Commit(long ticks) => Volatile.Write(ref _commitTicks, _commitTicks + ticks);

    public override string ToString()
        => $"{Batches} batches, {Writes} writes, {RoundTrips} round trips ({(double)RoundTrips / Math.Max(1, Batches):F1} a batch), "
            + $"{InBatches.TotalMilliseconds:F0} ms in batches, {InCommits.TotalMilliseconds:F0} ms of it in commits";
}

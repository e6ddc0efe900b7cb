namespace Baton.Hub.Limits;

/// <summary>
/// The bytes all connections together hold in frames longer than <see cref="HubLimits.MaxFrameBytes"/> (imports on
/// their way in), held to <see cref="HubLimits.MaxLargeFrameBytesTotal"/>: forty clients each sending a 15 MiB frame
/// at once cannot take the hub to a gigabyte. One per hub.
/// </summary>
internal sealed class LargeFrameBudget(HubLimits limits)
{
    private long _held;

    public HubLimits Limits { get; } = limits;

    public long Held => Interlocked.Read(ref _held);

    /// <summary>Takes <paramref name="bytes"/> more; false (taking nothing) when that would pass the budget.</summary>
    public bool TryTake(long bytes)
    {
        if (Interlocked.Add(ref _held, bytes) <= Limits.MaxLargeFrameBytesTotal)
        {
            return true;
        }
        Interlocked.Add(ref _held, -bytes);
        return false;
    }

    public void Give(long bytes) => Interlocked.Add(ref _held, -bytes);
}

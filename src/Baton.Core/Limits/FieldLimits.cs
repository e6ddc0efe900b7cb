using System.Globalization;

namespace Baton.Core.Limits;

/// <summary>
/// The longest text and the longest durations a request may carry. The same limits hold for every way in (the
/// hub's WebSocket, HTTP API and MCP tools, and local mode), so an agent gets the same answer from each. A value
/// over a length limit is refused with <c>limit_exceeded</c>; a duration out of range with <c>bad_request</c>.
/// The defaults are documented in docs/security.md ("Limits") and never bother a real team.
/// </summary>
public sealed record FieldLimits
{
    /// <summary>The limits Baton uses unless told otherwise.</summary>
    public static FieldLimits Default { get; } = new();

    /// <summary>Worker names, task ids, lease ids, idempotency keys and each label. Default 128 characters.</summary>
    public int MaxName { get; init; } = 128;

    /// <summary>Labels on a worker or a claim. Default 64.</summary>
    public int MaxLabels { get; init; } = 64;

    /// <summary>A heartbeat's note, a release or cancel reason, a resolve note. Default 4 KiB (4,096 characters).</summary>
    public int MaxNote { get; init; } = 4 * 1024;

    /// <summary>A report's summary and notes. Default 16 KiB (16,384 characters).</summary>
    public int MaxSummary { get; init; } = 16 * 1024;

    /// <summary>A task title set by resolve. Default 1,024 characters.</summary>
    public int MaxTitle { get; init; } = 1024;

    /// <summary>A description or context set by resolve. Default 64 KiB (65,536 characters).</summary>
    public int MaxText { get; init; } = 64 * 1024;

    /// <summary>Files a report lists. Default 10,000.</summary>
    public int MaxFiles { get; init; } = 10_000;

    /// <summary>Each file path a report lists. Default 4,096 characters.</summary>
    public int MaxPath { get; init; } = 4096;

    /// <summary>The longest lease a claim or heartbeat may ask for. Default 24 hours.</summary>
    public TimeSpan MaxLease { get; init; } = TimeSpan.FromHours(24);

    /// <summary>The longest wait a claim, a report's next claim or an event read may ask for. Default 24 hours
    /// (a claim that names no wait still waits until its connection closes).</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Throws when a limit is not positive: limits are checked when a hub or local mode starts.</summary>
    public void Validate()
    {
        foreach (var (name, value) in new[]
        {
            (nameof(MaxName), MaxName), (nameof(MaxLabels), MaxLabels), (nameof(MaxNote), MaxNote), (nameof(MaxSummary), MaxSummary),
            (nameof(MaxTitle), MaxTitle), (nameof(MaxText), MaxText), (nameof(MaxFiles), MaxFiles), (nameof(MaxPath), MaxPath),
        })
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1, name);
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxLease, TimeSpan.FromMilliseconds(1), nameof(MaxLease));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxWait, TimeSpan.Zero, nameof(MaxWait));
    }

    internal static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

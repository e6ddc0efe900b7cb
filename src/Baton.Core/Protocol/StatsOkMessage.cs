using Baton.Core.Stats;

namespace Baton.Core.Protocol;

/// <summary><c>stats.ok</c>: the metrics.</summary>
public sealed record StatsOkMessage : ProtocolMessage
{
    /// <summary>The metrics.</summary>
    public required StatsSnapshot Stats { get; init; }
}

using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

/// <summary>The name a worker gives itself; stable across reconnects.</summary>
[JsonConverter(typeof(WorkerIdJsonConverter))]
public readonly record struct WorkerId(string Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value;
}

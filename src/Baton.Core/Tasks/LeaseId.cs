using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

/// <summary>The id of one lease: one claim of one task by one worker.</summary>
[JsonConverter(typeof(LeaseIdJsonConverter))]
public readonly record struct LeaseId(string Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value;
}

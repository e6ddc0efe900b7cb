using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

/// <summary>The id of a task: unique in a store, chosen by the plan or generated.</summary>
[JsonConverter(typeof(TaskIdJsonConverter))]
public readonly record struct TaskId(string Value)
{
    /// <inheritdoc/>
    public override string ToString() => Value;
}

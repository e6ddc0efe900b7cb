using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

// Ids travel as plain JSON strings; one small converter per id type keeps them AOT-safe.
/// <summary>Reads and writes a <see cref="TaskId"/> as a JSON string.</summary>
public sealed class TaskIdJsonConverter : JsonConverter<TaskId>
{
    /// <inheritdoc/>
    public override TaskId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("a task id must be a string"));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, TaskId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}

/// <summary>Reads and writes a <see cref="WorkerId"/> as a JSON string.</summary>
public sealed class WorkerIdJsonConverter : JsonConverter<WorkerId>
{
    /// <inheritdoc/>
    public override WorkerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("a worker name must be a string"));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, WorkerId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}

/// <summary>Reads and writes a <see cref="LeaseId"/> as a JSON string.</summary>
public sealed class LeaseIdJsonConverter : JsonConverter<LeaseId>
{
    /// <inheritdoc/>
    public override LeaseId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("a lease id must be a string"));

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, LeaseId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}

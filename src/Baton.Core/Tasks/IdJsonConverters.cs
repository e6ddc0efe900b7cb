using System.Text.Json;
using System.Text.Json.Serialization;

namespace Baton.Core.Tasks;

// Ids travel as plain JSON strings; one small converter per id type keeps them AOT-safe.
internal sealed class TaskIdJsonConverter : JsonConverter<TaskId>
{
    public override TaskId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("a task id must be a string"));

    public override void Write(Utf8JsonWriter writer, TaskId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}

internal sealed class WorkerIdJsonConverter : JsonConverter<WorkerId>
{
    public override WorkerId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("a worker name must be a string"));

    public override void Write(Utf8JsonWriter writer, WorkerId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}

internal sealed class LeaseIdJsonConverter : JsonConverter<LeaseId>
{
    public override LeaseId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        => new(reader.GetString() ?? throw new JsonException("a lease id must be a string"));

    public override void Write(Utf8JsonWriter writer, LeaseId value, JsonSerializerOptions options)
        => writer.WriteStringValue(value.Value);
}

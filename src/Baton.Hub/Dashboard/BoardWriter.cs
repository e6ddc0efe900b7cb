using System.Text.Json;
using Baton.Core.Protocol;
using Baton.Core.Status;
using Baton.Core.Tasks;
using Baton.Hub.Access;

namespace Baton.Hub.Dashboard;

/// <summary>
/// <c>/api/board</c>: the page's first view in one read. Tasks are rows of values in the order <see cref="Columns"/>
/// names (a 10,000-task plan is then about a third of its size as objects); times are Unix milliseconds.
/// </summary>
internal static class BoardWriter
{
    /// <summary>The row layout, written into the answer too so the page reads columns by name.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "title", "state", "worker", "attempts", "max_attempts", "files", "labels", "depends_on", "priority",
        "plan", "lease_expires_at", "updated_at", "state_reason",
    ];

    public static void Write(Utf8JsonWriter writer, StatusSnapshot status, IReadOnlyList<TaskItem> tasks, Caller caller, DateTimeOffset now)
    {
        writer.WriteStartObject();
        writer.WriteNumber("at", now.ToUnixTimeMilliseconds());
        writer.WriteNumber("last_event_id", status.LastEventId);
        writer.WriteString("store", status.Store);
        WriteOptionalMs(writer, "started_at", status.StartedAt);
        writer.WriteStartObject("session");
        writer.WriteString("actor", caller.TokenId);
        writer.WriteString("role", caller.Role.ToName());
        WriteOptionalMs(writer, "expires_at", caller.ExpiresAt);
        writer.WriteEndObject();
        writer.WriteStartArray("columns");
        foreach (var column in Columns)
        {
            writer.WriteStringValue(column);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("tasks");
        foreach (var task in tasks)
        {
            WriteRow(writer, task);
        }
        writer.WriteEndArray();
        writer.WritePropertyName("workers");
        JsonSerializer.Serialize(writer, status.Workers, BatonJsonContext.Default.IReadOnlyListWorkerInfo);
        writer.WriteEndObject();
    }

    private static void WriteRow(Utf8JsonWriter writer, TaskItem task)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(task.Id.Value);
        writer.WriteStringValue(task.Title);
        writer.WriteStringValue(task.State.ToWire());
        WriteOptional(writer, task.CurrentLease?.Worker.Value);
        writer.WriteNumberValue(task.Attempts);
        writer.WriteNumberValue(task.MaxAttempts);
        WriteStrings(writer, task.Files);
        WriteStrings(writer, task.Labels);
        writer.WriteStartArray();
        foreach (var dependency in task.DependsOn)
        {
            writer.WriteStringValue(dependency.Value);
        }
        writer.WriteEndArray();
        writer.WriteNumberValue(task.Priority);
        WriteOptional(writer, task.Plan);
        if (task.CurrentLease is { } lease)
        {
            writer.WriteNumberValue(lease.ExpiresAt.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNullValue();
        }
        writer.WriteNumberValue(task.UpdatedAt.ToUnixTimeMilliseconds());
        WriteOptional(writer, task.StateReason);
        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }
        writer.WriteEndArray();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }

    internal static void WriteOptionalMs(Utf8JsonWriter writer, string name, DateTimeOffset? at)
    {
        if (at is { } value)
        {
            writer.WriteNumber(name, value.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}

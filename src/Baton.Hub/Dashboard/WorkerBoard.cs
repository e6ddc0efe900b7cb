using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Core.Workers;
using Baton.Service;
using Baton.Storage;

namespace Baton.Hub.Dashboard;

/// <summary>
/// <c>/api/workers</c>: every worker with the tasks it holds, each with its lease's expiry and the attempt's latest
/// note (the last heartbeat note, or the report's summary). Heartbeats append no event (they would double the
/// store's writes), so the page reads this again while its workers view is open.
/// </summary>
internal sealed class WorkerBoard
{
    /// <summary>Held tasks whose notes are read (one task read each); the rest show without a note.</summary>
    public const int MaxNotes = 200;

    private readonly DateTimeOffset _at;
    private readonly IReadOnlyList<WorkerInfo> _workers;
    private readonly Dictionary<string, TaskItem> _held;
    private readonly Dictionary<string, (int Attempt, string? Note)> _notes;

    private WorkerBoard(DateTimeOffset at, IReadOnlyList<WorkerInfo> workers, Dictionary<string, TaskItem> held, Dictionary<string, (int, string?)> notes)
        => (_at, _workers, _held, _notes) = (at, workers, held, notes);

    public static async Task<WorkerBoard> ReadAsync(LocalBaton api, IBatonStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var workers = await store.ListWorkersAsync(now, cancellationToken);
        var held = new Dictionary<string, TaskItem>(StringComparer.Ordinal);
        foreach (var state in new[] { TaskState.Leased, TaskState.Checking })
        {
            var tasks = await api.ListTasksAsync(new TaskQuery { State = state }, cancellationToken);
            foreach (var task in tasks.IsOk ? tasks.Value : [])
            {
                held[task.Id.Value] = task;
            }
        }
        var notes = new Dictionary<string, (int, string?)>(StringComparer.Ordinal);
        foreach (var id in workers.SelectMany(w => w.CurrentTasks).Select(t => t.Value).Distinct().Take(MaxNotes))
        {
            var detail = await store.ShowTaskAsync(new TaskId(id), cancellationToken);
            if (detail.IsOk && detail.Value.Attempts.Count > 0)
            {
                var last = detail.Value.Attempts[^1];
                notes[id] = (last.Number, last.Note);
            }
        }
        return new WorkerBoard(now, workers, held, notes);
    }

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("at", _at.ToUnixTimeMilliseconds());
        writer.WriteStartArray("workers");
        foreach (var worker in _workers)
        {
            writer.WriteStartObject();
            writer.WriteString("name", worker.Name.Value);
            writer.WriteNumber("capacity", worker.Capacity);
            writer.WriteStartArray("labels");
            foreach (var label in worker.Labels)
            {
                writer.WriteStringValue(label);
            }
            writer.WriteEndArray();
            writer.WriteBoolean("connected", worker.Connected);
            writer.WriteString("state", worker.State);
            writer.WriteString("health", worker.Health);
            writer.WriteNumber("done", worker.Done);
            writer.WriteNumber("failed", worker.Failed);
            writer.WriteNumber("busy_ms", worker.BusyMs);
            writer.WriteNumber("first_seen", worker.FirstSeen.ToUnixTimeMilliseconds());
            writer.WriteNumber("last_seen", worker.LastSeen.ToUnixTimeMilliseconds());
            writer.WriteStartArray("held");
            foreach (var id in worker.CurrentTasks)
            {
                WriteHeld(writer, id.Value);
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private void WriteHeld(Utf8JsonWriter writer, string id)
    {
        writer.WriteStartObject();
        writer.WriteString("task", id);
        var task = _held.GetValueOrDefault(id);
        writer.WriteString("title", task?.Title);
        writer.WriteString("state", task?.State.ToWire());
        BoardWriter.WriteOptionalMs(writer, "claimed_at", task?.CurrentLease?.ClaimedAt);
        BoardWriter.WriteOptionalMs(writer, "lease_expires_at", task?.CurrentLease?.ExpiresAt);
        if (_notes.TryGetValue(id, out var note))
        {
            writer.WriteNumber("attempt", note.Attempt);
            writer.WriteString("note", note.Note);
        }
        writer.WriteEndObject();
    }
}

using System.Text.Json;
using Baton.Core.Events;
using Baton.Storage;

namespace Baton.Hub.Dashboard;

/// <summary>
/// Every attempt (a claim and how it ended), for the page's timeline: one lane per worker, one bar per attempt. Folded
/// from the event log (a claim opens an attempt; a report, expiry, release or cancel closes it; a check verdict names
/// the ending of one that ended checking), so it needs nothing the store does not already keep. The page folds the
/// events it reads afterwards the same way (<c>timeline.js</c>).
/// </summary>
internal sealed class AttemptTimeline
{
    /// <summary>Attempts kept, the newest; a store with more shows the most recent ones.</summary>
    public const int MaxAttempts = 50_000;

    private const int Page = 1000;

    private readonly List<Attempt> _attempts = [];
    private readonly Dictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _last = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _claims = new(StringComparer.Ordinal);

    /// <summary>One attempt: its task, worker and number, when it was claimed and ended (Unix ms), and how it ended
    /// (done, checking, checks_failed, failed, escalated, expired, released, cancelled; null while it runs).</summary>
    public sealed class Attempt(string task, string worker, int number, long claimedAt)
    {
        public string Task { get; } = task;
        public string Worker { get; } = worker;
        public int Number { get; } = number;
        public long ClaimedAt { get; } = claimedAt;
        public long? EndedAt { get; set; }
        public string? Ending { get; set; }
    }

    /// <summary>The last event folded in.</summary>
    public long LastEventId { get; private set; }

    /// <summary>The attempts, oldest claim first.</summary>
    public IReadOnlyList<Attempt> Attempts => _attempts;

    /// <summary>Folds the whole event log of <paramref name="store"/>.</summary>
    public static async Task<AttemptTimeline> ReadAsync(IBatonStore store, CancellationToken cancellationToken)
    {
        var timeline = new AttemptTimeline();
        while (true)
        {
            var events = await store.ReadEventsAsync(timeline.LastEventId, Page, cancellationToken);
            foreach (var e in events)
            {
                timeline.Apply(e);
            }
            if (events.Count < Page)
            {
                return timeline;
            }
        }
    }

    /// <summary>Folds one event in.</summary>
    public void Apply(BatonEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        LastEventId = Math.Max(LastEventId, e.Id);
        if (e.TaskId is not { } task)
        {
            return;
        }
        var at = e.At.ToUnixTimeMilliseconds();
        if (e.Type == EventTypes.TaskClaimed && e.Worker is { } worker)
        {
            End(task, at, "released");
            var number = _claims[task] = _claims.GetValueOrDefault(task) + 1;
            _attempts.Add(new Attempt(task, worker, number, at));
            _open[task] = _last[task] = _attempts.Count - 1;
            return;
        }
        switch (e.Type)
        {
            case EventTypes.TaskChecking:
                End(task, at, "checking");
                break;
            case EventTypes.TaskDone:
                if (!End(task, at, "done"))
                {
                    Settle(task, "done");
                }
                break;
            case EventTypes.ChecksFailed:
                Settle(task, "checks_failed");
                break;
            case EventTypes.TaskFailed:
                End(task, at, "failed");
                break;
            case EventTypes.TaskEscalated:
                End(task, at, "escalated");
                break;
            case EventTypes.LeaseExpired:
                End(task, at, "expired");
                break;
            case EventTypes.TaskReleased:
                End(task, at, "released");
                break;
            case EventTypes.TaskCancelled:
                End(task, at, "cancelled");
                break;
        }
    }

    private bool End(string task, long at, string ending)
    {
        if (!_open.Remove(task, out var index))
        {
            return false;
        }
        _attempts[index].EndedAt = at;
        _attempts[index].Ending = ending;
        return true;
    }

    // A verdict on an attempt that ended with a done report: the checks passed or failed.
    private void Settle(string task, string ending)
    {
        if (_last.TryGetValue(task, out var index) && _attempts[index].Ending == "checking")
        {
            _attempts[index].Ending = ending;
        }
    }

    /// <summary><c>{"last_event_id": N, "attempts": [[task, worker, number, claimed_at, ended_at, ending], …]}</c>.</summary>
    public void Write(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteNumber("last_event_id", LastEventId);
        writer.WriteBoolean("truncated", _attempts.Count > MaxAttempts);
        writer.WriteStartArray("attempts");
        foreach (var attempt in _attempts.Skip(Math.Max(0, _attempts.Count - MaxAttempts)))
        {
            writer.WriteStartArray();
            writer.WriteStringValue(attempt.Task);
            writer.WriteStringValue(attempt.Worker);
            writer.WriteNumberValue(attempt.Number);
            writer.WriteNumberValue(attempt.ClaimedAt);
            if (attempt.EndedAt is { } ended)
            {
                writer.WriteNumberValue(ended);
            }
            else
            {
                writer.WriteNullValue();
            }
            if (attempt.Ending is { } ending)
            {
                writer.WriteStringValue(ending);
            }
            else
            {
                writer.WriteNullValue();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}

using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

/// <summary>
/// The rows a batch's hot-path writes read (reported tasks, idempotency keys, workers, the leased and checked tasks, the
/// first ready tasks), read for all of them in the round trip that begins the transaction, and kept exact as the batch
/// writes: every statement the store makes that changes one of these rows tells the cache (<see cref="LifeWritten"/> and
/// the others). Nothing else changes them meanwhile, since every writer on the database holds Baton's lock for its whole
/// transaction. A write that finds what it needs here reads nothing more before the commit; one that does not reads the
/// database as usual (its queued writes go first, so it sees them). Only a batch run side by side has one: a write undone
/// to its savepoint would leave the cache ahead of the database, so an isolated run reads everything itself.
/// </summary>
internal sealed class WriteCache
{
    // A reported task's row; null: no such task.
    private readonly Dictionary<string, CachedTask?> _tasks = new(StringComparer.Ordinal);

    // A report kept under (task, idempotency key); null: none.
    private readonly Dictionary<(string Task, string Key), ReportRecord?> _keys = [];

    // A worker's row; null: no such worker. Emptied when workers are forgotten.
    private readonly Dictionary<string, WorkerRow?> _workers = new(StringComparer.Ordinal);

    // Report ids drawn from reports.id's sequence, for the batch's reports (no RETURNING round trip).
    private readonly Queue<long> _reportIds = new();

    // The tasks in TaskMachine.ReservingStates a claim by one of _holdingWorkers at or before _holdingNow must see (its
    // own, those with files, those lapsed by then; others too, which change nothing for it). Null: not known.
    private List<HoldingRow>? _holding;
    private HashSet<string> _holdingWorkers = [];
    private DateTimeOffset _holdingNow;

    // The first ready tasks in claim order, up to and including _readyEnd (null: every ready task). Null: not known.
    private List<ReadyRow>? _ready;
    private (long Priority, long Seq)? _readyEnd;

    private sealed class CachedTask(TaskItem task, TaskLife life, bool hasDependents)
    {
        public TaskItem Task { get; set; } = task;

        public TaskLife Life { get; set; } = life;

        public bool HasDependents { get; set; } = hasDependents;
    }

    public void AddTask(string id, (TaskItem Task, TaskLife Life)? row, bool hasDependents)
        => _tasks[id] = row is { } found ? new CachedTask(found.Task, found.Life, hasDependents) : null;

    public void AddKey(string task, string key, ReportRecord? report) => _keys[(task, key)] = report;

    public void AddWorker(string name, WorkerRow? row) => _workers[name] = row;

    public void AddReportId(long id) => _reportIds.Enqueue(id);

    public void SetHolding(List<HoldingRow> rows, HashSet<string> workers, DateTimeOffset now)
        => (_holding, _holdingWorkers, _holdingNow) = (rows, workers, now);

    public void SetReady(List<ReadyRow> rows, (long Priority, long Seq)? end) => (_ready, _readyEnd) = (rows, end);

    /// <summary>The task's row and life, and whether any task depends on it; false when not cached.</summary>
    public bool TryTask(string id, out (TaskItem Task, TaskLife Life)? row, out bool hasDependents)
    {
        if (_tasks.TryGetValue(id, out var cached))
        {
            row = cached is null ? null : (cached.Task, cached.Life);
            hasDependents = cached?.HasDependents ?? false;
            return true;
        }
        (row, hasDependents) = (null, true);
        return false;
    }

    public bool TryKey(string task, string key, out ReportRecord? report) => _keys.TryGetValue((task, key), out report);

    public bool TryWorker(string name, out WorkerRow? row) => _workers.TryGetValue(name, out row);

    public bool TryReportId(out long id) => _reportIds.TryDequeue(out id);

    /// <summary>The holding rows a claim by <paramref name="worker"/> at <paramref name="now"/> must see (a copy).</summary>
    public bool TryHolding(string worker, DateTimeOffset now, out List<HoldingRow> rows)
    {
        if (_holding is null || now > _holdingNow || !_holdingWorkers.Contains(worker))
        {
            rows = [];
            return false;
        }
        rows = [.. _holding];
        return true;
    }

    /// <summary>The first ready tasks (a copy) and the last one the page read reached (null: they are all there).</summary>
    public bool TryReady(out List<ReadyRow> rows, out (long Priority, long Seq)? end)
    {
        if (_ready is null)
        {
            (rows, end) = ([], null);
            return false;
        }
        (rows, end) = ([.. _ready], _readyEnd);
        return true;
    }

    /// <summary>Whether any task is ready, when the cache knows.</summary>
    public bool? AnyReady => _ready is null ? null : _ready.Count > 0 ? true : _readyEnd is null ? false : null;

    /// <summary>A task's life was written (WriteLife): the cached row, the ready page and the holding rows follow it.</summary>
    public void LifeWritten(TaskId task, TaskLife after)
    {
        var id = task.Value;
        TaskItem? item = null;
        if (_tasks.TryGetValue(id, out var cached) && cached is not null)
        {
            cached.Life = after;
            cached.Task = after.ApplyTo(cached.Task);
            item = cached.Task;
        }
        if (_ready is not null)
        {
            var at = _ready.FindIndex(r => r.Task.Id == task);
            if (at >= 0)
            {
                item ??= after.ApplyTo(_ready[at].Task);
                _ready.RemoveAt(at);
            }
            if (after.State == TaskMachine.ClaimableState)
            {
                if (item is null)
                {
                    // Ready now, and where it goes in claim order is not known here: read the page again when asked.
                    _ready = null;
                }
                else if (_readyEnd is not { } end || new ReadyRow(item, after).ComesBefore(end.Priority, end.Seq))
                {
                    var row = new ReadyRow(item, after);
                    var before = _ready.FindIndex(r => !r.ComesBefore(item.Priority, item.Seq));
                    _ready.Insert(before < 0 ? _ready.Count : before, row);
                }
            }
        }
        if (_holding is not null)
        {
            var at = _holding.FindIndex(h => h.Task == task);
            (long Seq, IReadOnlyList<string> Files)? known = item is not null ? (item.Seq, item.Files) : null;
            if (at >= 0)
            {
                known ??= (_holding[at].Seq, _holding[at].Files);
                _holding.RemoveAt(at);
            }
            if (TaskMachine.ReservingStates.Contains(after.State))
            {
                if (known is { } k)
                {
                    _holding.Add(new HoldingRow(k.Seq, task, after.State, after.Worker, after.Deadline, after.ClaimedAt, k.Files));
                }
                else
                {
                    _holding = null;
                }
            }
        }
    }

    /// <summary>A task was imported: the ready page no longer holds every ready task it says it does, and the tasks it
    /// depends on have a dependent now.</summary>
    public void TaskAdded(TaskSpec spec, TaskState state)
    {
        if (state == TaskMachine.ClaimableState)
        {
            _ready = null;
        }
        foreach (var dep in spec.DependsOn)
        {
            if (_tasks.TryGetValue(dep.Value, out var cached) && cached is not null)
            {
                cached.HasDependents = true;
            }
        }
    }

    /// <summary>An engineer's edit changed a task's text: its cached copies go.</summary>
    public void TaskEdited(TaskId task)
    {
        _tasks.Remove(task.Value);
        _ready = null;
    }

    public void WorkerWritten(string name, WorkerRow row) => _workers[name] = row;

    public void WorkerSeen(string name, long at)
    {
        if (_workers.TryGetValue(name, out var row) && row is not null)
        {
            _workers[name] = row with { LastSeen = at };
        }
    }

    public void WorkersForgotten() => _workers.Clear();

    /// <summary>A report was kept: a retry with its key in the same batch finds it.</summary>
    public void ReportAdded(ReportRecord report, string? key)
    {
        if (key is not null)
        {
            _keys[(report.TaskId.Value, key)] = report;
        }
    }
}

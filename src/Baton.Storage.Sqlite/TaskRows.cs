using System.Diagnostics;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

/// <summary>Maps task rows to <see cref="TaskItem"/> and <see cref="TaskLife"/>. Every read of a whole row names
/// <see cref="Columns"/>, and each column is read at the ordinal generated from that list by its name.</summary>
internal static class TaskRows
{
    /// <summary>The columns of a whole task row, in the order the ordinals below are generated from.</summary>
    public const string Columns = "seq, id, title, description, context, context_files, acceptance, files, labels, priority, lease_ms, plan, created_at, "
        + "state, state_reason, attempts, max_attempts, attempt_budget, pending_deps, worker, lease_id, claimed_at, lease_expires_at, lease_length, "
        + "ready_at, feedback, updated_at";

    private static readonly string[] Names = Columns.Split(", ");

    /// <summary>How many columns <see cref="Columns"/> names (a statement's next column is at this ordinal).</summary>
    public static readonly int ColumnCount = Names.Length;

    public static readonly int Seq = Ordinal("seq");
    public static readonly int Id = Ordinal("id");
    public static readonly int Title = Ordinal("title");
    public static readonly int Description = Ordinal("description");
    public static readonly int Context = Ordinal("context");
    public static readonly int ContextFiles = Ordinal("context_files");
    public static readonly int Acceptance = Ordinal("acceptance");
    public static readonly int Files = Ordinal("files");
    public static readonly int Labels = Ordinal("labels");
    public static readonly int Priority = Ordinal("priority");
    public static readonly int LeaseMs = Ordinal("lease_ms");
    public static readonly int Plan = Ordinal("plan");
    public static readonly int CreatedAt = Ordinal("created_at");
    public static readonly int State = Ordinal("state");
    public static readonly int Reason = Ordinal("state_reason");
    public static readonly int Attempts = Ordinal("attempts");
    public static readonly int MaxAttempts = Ordinal("max_attempts");
    public static readonly int AttemptBudget = Ordinal("attempt_budget");
    public static readonly int PendingDeps = Ordinal("pending_deps");
    public static readonly int Worker = Ordinal("worker");
    public static readonly int LeaseId = Ordinal("lease_id");
    public static readonly int ClaimedAt = Ordinal("claimed_at");
    public static readonly int Deadline = Ordinal("lease_expires_at");
    public static readonly int LeaseLength = Ordinal("lease_length");
    public static readonly int ReadyAt = Ordinal("ready_at");
    public static readonly int Feedback = Ordinal("feedback");
    public static readonly int UpdatedAt = Ordinal("updated_at");

    private static int Ordinal(string name)
    {
        var ordinal = Array.IndexOf(Names, name);
        return ordinal >= 0 ? ordinal : throw new InvalidOperationException($"TaskRows.Columns has no column '{name}'");
    }

    /// <summary>A column with the task's dependencies as a JSON array in declared order, read with
    /// <see cref="ReadDependsOn"/>: one statement for the task and its dependencies.</summary>
    public const string DependsOn = "(SELECT json_group_array(depends_on) FROM (SELECT depends_on FROM deps WHERE task_id = tasks.id ORDER BY rowid))";

    public static List<TaskId> ReadDependsOn(PreparedStatement r, int column)
        => [.. StoreJson.Strings(r.GetString(column)).Select(d => new TaskId(d))];

    /// <summary>The task of a row read with <see cref="Columns"/>, as the API shows it (its life applied).</summary>
    public static TaskItem Read(PreparedStatement r, IReadOnlyList<TaskId> dependsOn) => ReadTask(r, dependsOn, ReadLife(r));

    /// <summary>The task and its life, from a row read with <see cref="Columns"/>.</summary>
    public static (TaskItem Task, TaskLife Life) ReadBoth(PreparedStatement r, IReadOnlyList<TaskId> dependsOn)
    {
        var life = ReadLife(r);
        return (ReadTask(r, dependsOn, life), life);
    }

    // The task with its life's fields as TaskLife.ApplyTo sets them (built once, not copied).
    private static TaskItem ReadTask(PreparedStatement r, IReadOnlyList<TaskId> dependsOn, TaskLife life)
    {
        AssertColumns(r);
        return new TaskItem
        {
            Seq = r.GetInt64(Seq),
            Id = new TaskId(r.GetString(Id)),
            Title = r.GetString(Title),
            Description = r.GetString(Description),
            Context = r.GetString(Context),
            ContextFiles = StoreJson.Strings(r.GetString(ContextFiles)),
            Acceptance = StoreJson.Acceptance(r.GetString(Acceptance)),
            Files = StoreJson.Strings(r.GetString(Files)),
            Labels = StoreJson.Strings(r.GetString(Labels)),
            Priority = r.GetInt32(Priority),
            LeaseMs = r.IsDBNull(LeaseMs) ? null : r.GetInt64(LeaseMs),
            Plan = r.IsDBNull(Plan) ? null : r.GetString(Plan),
            CreatedAt = SqliteStore.At(r.GetInt64(CreatedAt)),
            DependsOn = dependsOn,
            State = life.State,
            StateReason = life.Reason,
            Attempts = life.Attempts,
            MaxAttempts = life.MaxAttempts,
            CurrentLease = life.Lease,
            UpdatedAt = life.UpdatedAt,
        };
    }

    /// <summary>The life of a row read with <see cref="Columns"/>.</summary>
    public static TaskLife ReadLife(PreparedStatement r)
    {
        AssertColumns(r);
        var state = StoredStates.Parse(r.GetString(State), r.GetString(Id));
        return new TaskLife
        {
            State = state,
            Reason = r.IsDBNull(Reason) ? null : r.GetString(Reason),
            Attempts = r.GetInt32(Attempts),
            MaxAttempts = r.GetInt32(MaxAttempts),
            AttemptBudget = r.GetInt32(AttemptBudget),
            PendingDeps = r.GetInt32(PendingDeps),
            // A task handed out again keeps no worker; older stores may have left one on a task that is neither
            // leased nor checked, which no rule reads.
            Worker = r.IsDBNull(Worker) || state is not (TaskState.Leased or TaskState.Checking) ? null : new WorkerId(r.GetString(Worker)),
            LeaseId = r.IsDBNull(LeaseId) || state != TaskState.Leased ? null : new LeaseId(r.GetString(LeaseId)),
            ClaimedAt = r.IsDBNull(ClaimedAt) || state != TaskState.Leased ? null : SqliteStore.At(r.GetInt64(ClaimedAt)),
            Deadline = r.IsDBNull(Deadline) || state is not (TaskState.Leased or TaskState.Checking) ? null : SqliteStore.At(r.GetInt64(Deadline)),
            LeaseLengthMs = r.IsDBNull(LeaseLength) ? null : r.GetInt64(LeaseLength),
            ReadyAt = r.IsDBNull(ReadyAt) ? null : SqliteStore.At(r.GetInt64(ReadyAt)),
            Feedback = r.IsDBNull(Feedback) ? null : r.GetString(Feedback),
            UpdatedAt = SqliteStore.At(r.GetInt64(UpdatedAt)),
        };
    }

    [Conditional("DEBUG")]
    private static void AssertColumns(PreparedStatement r)
    {
        Debug.Assert(r.ColumnName(State) == "state" && r.ColumnName(UpdatedAt) == "updated_at" && r.ColumnName(Seq) == "seq",
            $"a task row is read with TaskRows.Columns: {r.Sql}");
    }
}

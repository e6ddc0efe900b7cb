using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage;

/// <summary>A row of a store's reader, by column ordinal: what <see cref="TaskColumns"/> reads a task row through. Each
/// store wraps its reader in a struct that implements it, so the generic readers below are specialized for it and the
/// calls go straight to the reader (no interface dispatch on the claim's path).</summary>
internal interface IStoreRow
{
    bool IsNull(int ordinal);

    string Text(int ordinal);

    long Long(int ordinal);
}

/// <summary>
/// The columns of a whole task row and how they map to <see cref="TaskItem"/> and <see cref="TaskLife"/>, the same in
/// both stores: every read of a whole row names <see cref="Columns"/>, and each column is read at the ordinal generated
/// from that list by its name (<see cref="ColumnList"/>). What differs per store (the dependency column's SQL, the
/// reader type) stays in each store's <c>TaskRows</c>.
/// </summary>
internal static class TaskColumns
{
    /// <summary>The columns of a whole task row, in the order the ordinals below are generated from.</summary>
    public const string Columns = "seq, id, title, description, context, context_files, acceptance, files, labels, priority, lease_ms, plan, created_at, "
        + "state, state_reason, attempts, max_attempts, attempt_budget, pending_deps, worker, lease_id, claimed_at, lease_expires_at, lease_length, "
        + "ready_at, feedback, updated_at";

    /// <summary>How many columns <see cref="Columns"/> names (a statement's next column is at this ordinal).</summary>
    public static readonly int Count = Columns.Split(", ").Length;

    public static readonly int Seq = ColumnList.Ordinal(Columns, "seq");
    public static readonly int Id = ColumnList.Ordinal(Columns, "id");
    public static readonly int Title = ColumnList.Ordinal(Columns, "title");
    public static readonly int Description = ColumnList.Ordinal(Columns, "description");
    public static readonly int Context = ColumnList.Ordinal(Columns, "context");
    public static readonly int ContextFiles = ColumnList.Ordinal(Columns, "context_files");
    public static readonly int Acceptance = ColumnList.Ordinal(Columns, "acceptance");
    public static readonly int Files = ColumnList.Ordinal(Columns, "files");
    public static readonly int Labels = ColumnList.Ordinal(Columns, "labels");
    public static readonly int Priority = ColumnList.Ordinal(Columns, "priority");
    public static readonly int LeaseMs = ColumnList.Ordinal(Columns, "lease_ms");
    public static readonly int Plan = ColumnList.Ordinal(Columns, "plan");
    public static readonly int CreatedAt = ColumnList.Ordinal(Columns, "created_at");
    public static readonly int State = ColumnList.Ordinal(Columns, "state");
    public static readonly int Reason = ColumnList.Ordinal(Columns, "state_reason");
    public static readonly int Attempts = ColumnList.Ordinal(Columns, "attempts");
    public static readonly int MaxAttempts = ColumnList.Ordinal(Columns, "max_attempts");
    public static readonly int AttemptBudget = ColumnList.Ordinal(Columns, "attempt_budget");
    public static readonly int PendingDeps = ColumnList.Ordinal(Columns, "pending_deps");
    public static readonly int Worker = ColumnList.Ordinal(Columns, "worker");
    public static readonly int LeaseId = ColumnList.Ordinal(Columns, "lease_id");
    public static readonly int ClaimedAt = ColumnList.Ordinal(Columns, "claimed_at");
    public static readonly int Deadline = ColumnList.Ordinal(Columns, "lease_expires_at");
    public static readonly int LeaseLength = ColumnList.Ordinal(Columns, "lease_length");
    public static readonly int ReadyAt = ColumnList.Ordinal(Columns, "ready_at");
    public static readonly int Feedback = ColumnList.Ordinal(Columns, "feedback");
    public static readonly int UpdatedAt = ColumnList.Ordinal(Columns, "updated_at");

    /// <summary>The task with its life's fields as <c>TaskLife.ApplyTo</c> sets them (built once, not copied).</summary>
    public static TaskItem ReadTask<TRow>(TRow r, IReadOnlyList<TaskId> dependsOn, TaskLife life)
        where TRow : struct, IStoreRow
        => new()
        {
            Seq = r.Long(Seq),
            Id = new TaskId(r.Text(Id)),
            Title = r.Text(Title),
            Description = r.Text(Description),
            Context = r.Text(Context),
            ContextFiles = StoreJson.Strings(r.Text(ContextFiles)),
            Acceptance = StoreJson.Acceptance(r.Text(Acceptance)),
            Files = StoreJson.Strings(r.Text(Files)),
            Labels = StoreJson.Strings(r.Text(Labels)),
            Priority = checked((int)r.Long(Priority)),
            LeaseMs = r.IsNull(LeaseMs) ? null : r.Long(LeaseMs),
            Plan = r.IsNull(Plan) ? null : r.Text(Plan),
            CreatedAt = At(r.Long(CreatedAt)),
            DependsOn = dependsOn,
            State = life.State,
            StateReason = life.Reason,
            Attempts = life.Attempts,
            MaxAttempts = life.MaxAttempts,
            CurrentLease = life.Lease,
            UpdatedAt = life.UpdatedAt,
        };

    /// <summary>The life of a row read with <see cref="Columns"/>.</summary>
    public static TaskLife ReadLife<TRow>(TRow r)
        where TRow : struct, IStoreRow
    {
        var state = StoredStates.Parse(r.Text(State), r.Text(Id));
        return new TaskLife
        {
            State = state,
            Reason = r.IsNull(Reason) ? null : r.Text(Reason),
            Attempts = checked((int)r.Long(Attempts)),
            MaxAttempts = checked((int)r.Long(MaxAttempts)),
            AttemptBudget = checked((int)r.Long(AttemptBudget)),
            PendingDeps = checked((int)r.Long(PendingDeps)),
            // A task handed out again keeps no worker; older stores may have left one on a task that is neither leased
            // nor checked, which no rule reads.
            Worker = r.IsNull(Worker) || state is not (TaskState.Leased or TaskState.Checking) ? null : new WorkerId(r.Text(Worker)),
            LeaseId = r.IsNull(LeaseId) || state != TaskState.Leased ? null : new LeaseId(r.Text(LeaseId)),
            ClaimedAt = r.IsNull(ClaimedAt) || state != TaskState.Leased ? null : At(r.Long(ClaimedAt)),
            Deadline = r.IsNull(Deadline) || state is not (TaskState.Leased or TaskState.Checking) ? null : At(r.Long(Deadline)),
            LeaseLengthMs = r.IsNull(LeaseLength) ? null : r.Long(LeaseLength),
            ReadyAt = r.IsNull(ReadyAt) ? null : At(r.Long(ReadyAt)),
            Feedback = r.IsNull(Feedback) ? null : r.Text(Feedback),
            UpdatedAt = At(r.Long(UpdatedAt)),
        };
    }

    private static DateTimeOffset At(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);
}

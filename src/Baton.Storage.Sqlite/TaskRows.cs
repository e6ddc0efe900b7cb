using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

/// <summary>Maps task rows to <see cref="TaskItem"/>.</summary>
internal static class TaskRows
{
    public const string Columns = "seq, id, title, description, context, context_files, acceptance, files, labels, priority, max_attempts, lease_ms, state, state_reason, attempts, worker, lease_id, claimed_at, lease_expires_at, plan, created_at, updated_at";

    /// <summary>How many columns <see cref="Columns"/> names.</summary>
    public const int ColumnCount = 22;

    // Where Columns has the columns that reads other than Read take from a full row (the claim's ready scan,
    // the report's holder check): one definition of each position, which Read uses too.

    /// <summary>Where <see cref="Columns"/> has the files (JSON).</summary>
    public const int FilesColumn = 7;

    /// <summary>Where <see cref="Columns"/> has the labels (JSON).</summary>
    public const int LabelsColumn = 8;

    /// <summary>Where <see cref="Columns"/> has the state.</summary>
    public const int StateColumn = 12;

    /// <summary>Where <see cref="Columns"/> has the attempts made.</summary>
    public const int AttemptsColumn = 14;

    /// <summary>Where <see cref="Columns"/> has the lease holder.</summary>
    public const int WorkerColumn = 15;

    /// <summary>Where <see cref="Columns"/> has the lease id.</summary>
    public const int LeaseIdColumn = 16;

    /// <summary>Where <see cref="Columns"/> has when the lease began (Unix ms).</summary>
    public const int ClaimedAtColumn = 17;

    /// <summary>Where <see cref="Columns"/> has when the lease ends (Unix ms).</summary>
    public const int ExpiresColumn = 18;

    /// <summary>A column with the task's dependencies as a JSON array in declared order, read with
    /// <see cref="ReadDependsOn"/>: one statement for the task and its dependencies.</summary>
    public const string DependsOn = "(SELECT json_group_array(depends_on) FROM (SELECT depends_on FROM deps WHERE task_id = tasks.id ORDER BY rowid))";

    public static List<TaskId> ReadDependsOn(PreparedStatement r, int column)
        => [.. SqliteStore.StringsFromJson(r.GetString(column)).Select(d => new TaskId(d))];

    public static TaskItem Read(PreparedStatement r, IReadOnlyList<TaskId> dependsOn)
    {
        if (!TaskStates.TryParse(r.GetString(StateColumn), out var state))
        {
            throw new InvalidDataException($"task {r.GetString(1)} has an unknown state '{r.GetString(StateColumn)}'");
        }
        LeaseInfo? lease = null;
        if (state == TaskState.Leased && !r.IsDBNull(LeaseIdColumn))
        {
            lease = new LeaseInfo
            {
                Id = new LeaseId(r.GetString(LeaseIdColumn)),
                Worker = new WorkerId(r.GetString(WorkerColumn)),
                ClaimedAt = SqliteStore.At(r.GetInt64(ClaimedAtColumn)),
                ExpiresAt = SqliteStore.At(r.GetInt64(ExpiresColumn)),
            };
        }
        return new TaskItem
        {
            Seq = r.GetInt64(0),
            Id = new TaskId(r.GetString(1)),
            Title = r.GetString(2),
            Description = r.GetString(3),
            Context = r.GetString(4),
            ContextFiles = SqliteStore.StringsFromJson(r.GetString(5)),
            Acceptance = SqliteStore.AcceptanceFromJson(r.GetString(6)),
            Files = SqliteStore.StringsFromJson(r.GetString(FilesColumn)),
            Labels = SqliteStore.StringsFromJson(r.GetString(LabelsColumn)),
            Priority = r.GetInt32(9),
            MaxAttempts = r.GetInt32(10),
            LeaseMs = r.IsDBNull(11) ? null : r.GetInt64(11),
            State = state,
            StateReason = r.IsDBNull(13) ? null : r.GetString(13),
            Attempts = r.GetInt32(AttemptsColumn),
            CurrentLease = lease,
            Plan = r.IsDBNull(19) ? null : r.GetString(19),
            CreatedAt = SqliteStore.At(r.GetInt64(20)),
            UpdatedAt = SqliteStore.At(r.GetInt64(21)),
            DependsOn = dependsOn,
        };
    }
}

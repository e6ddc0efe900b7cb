using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

/// <summary>What <see cref="TaskMachine"/> may ask beyond a task's row, read in the transaction the decision is made in.</summary>
internal sealed class ScopeReads(StoreScope scope) : ILifeReads
{
    // The tasks that reserve files (a task without files reserves nothing), in plan order.
    private const string ReservationColumns = "id, worker, files";
    private const string ReservationsSql = $"SELECT {ReservationColumns} FROM tasks WHERE {PostgresSchema.HeldStates} AND files <> '[]' AND id <> $1 ORDER BY seq";
    private static readonly int ReservationId = ColumnList.Ordinal(ReservationColumns, "id");
    private static readonly int ReservationWorker = ColumnList.Ordinal(ReservationColumns, "worker");
    private static readonly int ReservationFiles = ColumnList.Ordinal(ReservationColumns, "files");

    // The kept reports that name files since a claim, oldest first: ix_reports_named_files, whose condition these terms
    // repeat, in its order (at, id).
    private const string ChangesSinceSql =
        $"SELECT {ChangeColumns} FROM reports WHERE task_id <> $1 AND late = 0 AND files <> '[]' AND at >= $2 ORDER BY at, id";
    private const string ChangeColumns = "task_id, worker, outcome, files";
    private static readonly int ChangeTask = ColumnList.Ordinal(ChangeColumns, "task_id");
    private static readonly int ChangeWorker = ColumnList.Ordinal(ChangeColumns, "worker");
    private static readonly int ChangeOutcome = ColumnList.Ordinal(ChangeColumns, "outcome");
    private static readonly int ChangeFiles = ColumnList.Ordinal(ChangeColumns, "files");

    public IReadOnlyList<AttemptRecord> Attempts(TaskId task) => PostgresStore.LoadAttempts(scope, task.Value);

    public IReadOnlyList<Reservation> Reservations(TaskId except)
    {
        var found = new List<Reservation>();
        // default(TaskId) excepts none: no task has an empty id.
        using var reader = scope.Query(ReservationsSql, Arg.Text(except.Value ?? ""));
        while (reader.Read())
        {
            found.Add(new Reservation(new TaskId(reader.GetString(ReservationId)),
                reader.IsDBNull(ReservationWorker) ? null : new WorkerId(reader.GetString(ReservationWorker)),
                StoreJson.Strings(reader.GetString(ReservationFiles))));
        }
        return found;
    }

    public IReadOnlyList<ReportedChange> ChangesSince(TaskId except, DateTimeOffset since)
    {
        var changes = new List<ReportedChange>();
        using var reader = scope.Query(ChangesSinceSql, Arg.Text(except.Value), Arg.Long(PostgresStore.Ms(since)));
        while (reader.Read())
        {
            if (!ReportOutcomes.TryParse(reader.GetString(ChangeOutcome), out var outcome))
            {
                throw new InvalidDataException($"a report on {reader.GetString(ChangeTask)} has an unknown outcome '{reader.GetString(ChangeOutcome)}'");
            }
            changes.Add(new ReportedChange(new TaskId(reader.GetString(ChangeTask)), new WorkerId(reader.GetString(ChangeWorker)), outcome,
                StoreJson.Strings(reader.GetString(ChangeFiles))));
        }
        return changes;
    }
}

using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

/// <summary>What <see cref="TaskMachine"/> may ask beyond a task's row, read in the transaction the decision is made in.</summary>
internal sealed class ScopeReads(StoreScope scope) : ILifeReads
{
    // Each state bound in turn, with the files filter the conflict check needs (a task without files reserves nothing).
    private const string ReservationColumns = "seq, id, worker, files";
    private const string ReservationsSql = $"SELECT {ReservationColumns} FROM tasks WHERE state = $state AND files <> '[]' AND id <> $id";
    private static readonly int ReservationSeq = ColumnList.Ordinal(ReservationColumns, "seq");
    private static readonly int ReservationId = ColumnList.Ordinal(ReservationColumns, "id");
    private static readonly int ReservationWorker = ColumnList.Ordinal(ReservationColumns, "worker");
    private static readonly int ReservationFiles = ColumnList.Ordinal(ReservationColumns, "files");

    // The kept reports that name files since a claim, oldest first. Its terms include ix_reports_named_files's condition
    // word for word, which lets SQLite use that partial index, and it is ordered as the index is, (at, rowid): ordered
    // by id alone, SQLite chose to scan every report in rowid order instead (a test holds the plan).
    internal const string ChangesSinceSql =
        $"SELECT {ChangeColumns} FROM reports WHERE task_id <> $id AND late = 0 AND files <> '[]' AND at >= $since ORDER BY at, id";
    private const string ChangeColumns = "task_id, worker, outcome, files";
    private static readonly int ChangeTask = ColumnList.Ordinal(ChangeColumns, "task_id");
    private static readonly int ChangeWorker = ColumnList.Ordinal(ChangeColumns, "worker");
    private static readonly int ChangeOutcome = ColumnList.Ordinal(ChangeColumns, "outcome");
    private static readonly int ChangeFiles = ColumnList.Ordinal(ChangeColumns, "files");

    public IReadOnlyList<AttemptRecord> Attempts(TaskId task) => SqliteStore.LoadAttempts(scope, task.Value);

    public IReadOnlyList<Reservation> Reservations(TaskId except)
    {
        var found = new List<(long Seq, Reservation Reservation)>();
        foreach (var state in TaskMachine.ReservingStates)
        {
            // default(TaskId) excepts none: no task has an empty id.
            using var reader = scope.Query(ReservationsSql, ("$state", StoredStates.Name(state)), ("$id", except.Value ?? ""));
            while (reader.Read())
            {
                found.Add((reader.GetInt64(ReservationSeq), new Reservation(new TaskId(reader.GetString(ReservationId)),
                    reader.IsDBNull(ReservationWorker) ? null : new WorkerId(reader.GetString(ReservationWorker)),
                    StoreJson.Strings(reader.GetString(ReservationFiles)))));
            }
        }
        return [.. found.OrderBy(f => f.Seq).Select(f => f.Reservation)];
    }

    public IReadOnlyList<ReportedChange> ChangesSince(TaskId except, DateTimeOffset since)
    {
        var changes = new List<ReportedChange>();
        using var reader = scope.Query(ChangesSinceSql, ("$id", except.Value), ("$since", SqliteStore.Ms(since)));
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

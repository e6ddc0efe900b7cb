using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

/// <summary>What <see cref="TaskMachine"/> may ask beyond a task's row, read in the transaction the decision is made in.</summary>
internal sealed class ScopeReads(StoreScope scope) : ILifeReads
{
    // Each state bound in turn, with the files filter the conflict check needs (a task without files reserves nothing).
    private const string ReservationsSql = "SELECT seq, id, worker, files FROM tasks WHERE state = $state AND files <> '[]' AND id <> $id";

    // The kept reports that name files since a claim, oldest first. Its terms include ix_reports_named_files's condition
    // word for word, which lets SQLite use that partial index, and it is ordered as the index is, (at, rowid): ordered
    // by id alone, SQLite chose to scan every report in rowid order instead (a test holds the plan).
    internal const string ChangesSinceSql =
        "SELECT task_id, worker, outcome, files FROM reports WHERE task_id <> $id AND late = 0 AND files <> '[]' AND at >= $since ORDER BY at, id";

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
                found.Add((reader.GetInt64(0), new Reservation(new TaskId(reader.GetString(1)),
                    reader.IsDBNull(2) ? null : new WorkerId(reader.GetString(2)), SqliteStore.StringsFromJson(reader.GetString(3)))));
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
            if (!ReportOutcomes.TryParse(reader.GetString(2), out var outcome))
            {
                throw new InvalidDataException($"a report on {reader.GetString(0)} has an unknown outcome '{reader.GetString(2)}'");
            }
            changes.Add(new ReportedChange(new TaskId(reader.GetString(0)), new WorkerId(reader.GetString(1)), outcome,
                SqliteStore.StringsFromJson(reader.GetString(3))));
        }
        return changes;
    }
}

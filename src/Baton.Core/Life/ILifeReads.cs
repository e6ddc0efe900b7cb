using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>
/// What a decision may need beyond the task's own row, read by the store on demand inside the transaction the
/// decision is made in: <see cref="TaskMachine"/> asks only when a rule needs it (the hot path asks for none).
/// </summary>
internal interface ILifeReads
{
    /// <summary>The task's attempts, oldest first.</summary>
    IReadOnlyList<AttemptRecord> Attempts(TaskId task);

    /// <summary>The files reserved now (tasks in <see cref="TaskMachine.ReservingStates"/> that name files), but <paramref name="except"/>'s.</summary>
    IReadOnlyList<Reservation> Reservations(TaskId except);

    /// <summary>Reports kept on time that name files, at or after <paramref name="since"/>, of tasks other than
    /// <paramref name="except"/>, oldest first.</summary>
    IReadOnlyList<ReportedChange> ChangesSince(TaskId except, DateTimeOffset since);
}

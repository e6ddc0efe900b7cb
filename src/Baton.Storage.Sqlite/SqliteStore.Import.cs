using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<Result<ImportResult>> ImportAsync(IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(warnings);
        return WriteAsync(scope => Import(scope, tasks, planName, warnings, now, cancellationToken), cancellationToken);
    }

    // A cancelled import throws from inside its transaction, which undoes all of it (PendingWrite): a client that
    // has gone does not keep the writer busy with rows nobody will see acknowledged.
    private static Result<ImportResult> Import(StoreScope scope, IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var plan = string.IsNullOrWhiteSpace(planName)
            ? "plan-" + Ms(now).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]
            : planName;
        var decision = TaskMachine.Import(tasks, plan, id => StateOf(scope, id), now, cancellationToken);
        if (!decision.Accepted)
        {
            return Result<ImportResult>.Fail(decision.Refusal!);
        }
        Apply(scope, decision.Changes, cancellationToken: cancellationToken);
        return new ImportResult { Plan = plan, Imported = [.. tasks.Select(t => t.Id)], Warnings = warnings };
    }

    private static TaskState? StateOf(StoreScope scope, TaskId id)
        => scope.Scalar("SELECT state FROM tasks WHERE id = $id", ("$id", id.Value)) is string state ? StoredStates.Parse(state, id.Value) : null;
}

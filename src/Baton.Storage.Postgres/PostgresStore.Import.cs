using System.Globalization;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public Task<Result<ImportResult>> ImportAsync(IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(warnings);
        return WriteAsync(scope => Import(scope, tasks, planName, warnings, now, cancellationToken), cancellationToken);
    }

    // A cancelled import throws from inside its transaction, which undoes all of it (PendingWrite): a client that has gone
    // does not keep the writer busy with rows nobody will see acknowledged.
    private static Result<ImportResult> Import(StoreScope scope, IReadOnlyList<TaskSpec> tasks, string? planName, IReadOnlyList<string> warnings, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var plan = string.IsNullOrWhiteSpace(planName)
            ? "plan-" + Ms(now).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..6]
            : planName;
        var stored = StatesOf(scope, tasks);
        var decision = TaskMachine.Import(tasks, plan, id => stored.TryGetValue(id.Value, out var state) ? state : null, now, cancellationToken);
        if (!decision.Accepted)
        {
            return Result<ImportResult>.Fail(decision.Refusal!);
        }
        Apply(scope, decision.Changes, cancellationToken: cancellationToken);
        return new ImportResult { Plan = plan, Imported = [.. tasks.Select(t => t.Id)], Warnings = warnings };
    }

    // The stored states of every id the import names (its tasks and their dependencies), in one round trip: Core asks
    // about each, and a read per id would be a round trip per task.
    private static Dictionary<string, TaskState> StatesOf(StoreScope scope, IReadOnlyList<TaskSpec> tasks)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tasks.Count; i++)
        {
            ids.Add(tasks[i].Id.Value);
            foreach (var dep in tasks[i].DependsOn)
            {
                ids.Add(dep.Value);
            }
        }
        var states = new Dictionary<string, TaskState>(StringComparer.Ordinal);
        using var reader = scope.Query("SELECT id, state FROM tasks WHERE id = ANY($1)", Arg.Texts([.. ids]));
        while (reader.Read())
        {
            var id = reader.GetString(0);
            states[id] = StoredStates.Parse(reader.GetString(1), id);
        }
        return states;
    }
}

using Baton.Core.Checks;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    /// <inheritdoc/>
    public Task<Result<TaskItem>> CompleteChecksAsync(TaskId taskId, int attempt, CheckReport report, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        return WriteAsync(scope => Decide(scope, taskId, (task, life) => TaskMachine.CompleteChecks(task, life, attempt, report, now)), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Result<TaskItem>> EscalateAsync(TaskId taskId, string kind, string reason, string? feedback, DateTimeOffset now, CancellationToken cancellationToken)
        => WriteAsync(scope => Decide(scope, taskId, (task, life) => TaskMachine.Escalate(task, life, kind, reason, feedback, now)), cancellationToken);
}

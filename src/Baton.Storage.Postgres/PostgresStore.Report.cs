using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

public sealed partial class PostgresStore
{
    // The task row with its dependencies, and whether any task depends on it (a done report asks Core to release its
    // dependents; most tasks have none, and knowing that here spares the read of them).
    private const string ReportRowSql =
        $"SELECT {TaskRows.Columns}, {TaskRows.DependsOn}, EXISTS (SELECT 1 FROM deps r WHERE r.depends_on = tasks.id) FROM tasks WHERE id = $1";

    /// <inheritdoc/>
    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContextScore is < 1 or > 5)
        {
            return Task.FromResult(Result<ReportResult>.Fail(ErrorCode.BadRequest, $"context score must be 1-5, got {request.ContextScore}"));
        }
        return WriteAsync(scope => Report(scope, request, now, deferPlanCheck: false).Result,
            new WriteHint(request.TaskId.Value, request.IdempotencyKey, null, now), cancellationToken);
    }

    /// <inheritdoc/>
    public Task<Result<ReportResult>> ReportAndClaimAsync(ReportRequest request, ClaimRequest next, TimeSpan defaultLease, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(next);
        if (request.ContextScore is < 1 or > 5)
        {
            return Task.FromResult(Result<ReportResult>.Fail(ErrorCode.BadRequest, $"context score must be 1-5, got {request.ContextScore}"));
        }
        if (next.Capacity is < 1)
        {
            return Task.FromResult(Result<ReportResult>.Fail(ErrorCode.BadRequest, $"capacity must be at least 1, got {next.Capacity}"));
        }
        var claim = next with { Worker = request.Worker, Wait = null };
        return WriteAsync(scope =>
        {
            var (reported, planCheck) = Report(scope, request, now, deferPlanCheck: true);
            if (!reported.IsOk)
            {
                return reported;
            }
            var leased = Claim(scope, claim, defaultLease, now);
            // A task leased now is a task unfinished: only a report that leaves nothing to claim can have finished the plan.
            if (planCheck && !leased.IsOk)
            {
                LookForPlanCompleteNow(scope, now);
            }
            return Result<ReportResult>.Ok(reported.Value.WithNext(leased));
        }, new WriteHint(request.TaskId.Value, request.IdempotencyKey, request.Worker.Value, now), cancellationToken);
    }

    // The report kept under the request's idempotency key (if any) and the whole task row, which serves Core's decision
    // and the task the report answers with (the decided life applied to it, not read back), come from the batch's cache
    // or from one round trip.
    // deferPlanCheck: the caller looks for plan completion itself, after the claim that follows.
    private static (Result<ReportResult> Result, bool PlanCheck) Report(StoreScope scope, ReportRequest request, DateTimeOffset now, bool deferPlanCheck)
    {
        var id = request.TaskId.Value;
        ReportRecord? earlier = null;
        (TaskItem Task, TaskLife Life)? row = null;
        var hasDependents = true;
        if (scope.Cache is { } cache && cache.TryTask(id, out row, out hasDependents)
            && (request.IdempotencyKey is not { } key || cache.TryKey(id, key, out earlier)))
        {
            // Read with the batch's other writes' rows, in the round trip that began the transaction.
        }
        else
        {
            (earlier, row, hasDependents) = ReadReportRows(scope, request);
        }
        if (TaskMachine.IsReplay(request, earlier))
        {
            return (new ReportResult { Task = row!.Value.Task, Report = earlier!, Replayed = true }, false);
        }
        if (row is not { } found)
        {
            return (BatonError.Of(ErrorCode.NotFound, $"no task '{id}'"), false);
        }
        var (task, life) = found;
        var decision = TaskMachine.Report(task, life, request, now, new ScopeReads(scope));
        var applied = Apply(scope, decision.Changes, deferPlanCheck, withoutDependentsOf: hasDependents ? null : id);
        if (!decision.Accepted)
        {
            return (decision.Refusal!, false);
        }
        return (new ReportResult { Task = decision.After!.ApplyTo(task), Report = applied.Report! }, applied.PlanCheckDeferred);
    }

    // The report kept under the request's key (if any), and the task's row, in one round trip.
    private static (ReportRecord? Earlier, (TaskItem Task, TaskLife Life)? Row, bool HasDependents) ReadReportRows(StoreScope scope, ReportRequest request)
    {
        var id = request.TaskId.Value;
        ReportRecord? earlier = null;
        using var reader = scope.Query([
            (FindReportSql, [Arg.Text(id), Arg.Text(request.IdempotencyKey)]),
            (ReportRowSql, [Arg.Text(id)])]);
        if (reader.Read())
        {
            earlier = ReadReport(reader);
        }
        reader.NextResult();
        return reader.Read()
            ? (earlier, TaskRows.ReadBoth(reader, TaskRows.ReadDependsOn(reader, TaskRows.ColumnCount)), reader.GetBoolean(TaskRows.ColumnCount + 1))
            : (earlier, null, false);
    }

    // The task as a read gives it, and its life; null when there is no such task.
    internal static (TaskItem Task, TaskLife Life)? LoadTaskAndLife(StoreScope scope, string id)
    {
        using var row = scope.Query($"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE id = $1", Arg.Text(id));
        return row.Read() ? TaskRows.ReadBoth(row, TaskRows.ReadDependsOn(row, TaskRows.ColumnCount)) : null;
    }
}

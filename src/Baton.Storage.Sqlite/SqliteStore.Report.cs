using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

public sealed partial class SqliteStore
{
    /// <inheritdoc/>
    public Task<Result<ReportResult>> ReportAsync(ReportRequest request, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContextScore is < 1 or > 5)
        {
            return Task.FromResult(Result<ReportResult>.Fail(ErrorCode.BadRequest, $"context score must be 1-5, got {request.ContextScore}"));
        }
        return WriteAsync(scope => Report(scope, request, now, deferPlanCheck: false).Result, cancellationToken);
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
            // A task leased now is a task unfinished: only a report that leaves nothing to claim can have finished the
            // plan (one statement of five seeks spared on every other report --next).
            if (planCheck && !leased.IsOk)
            {
                LookForPlanCompleteNow(scope, now);
            }
            return Result<ReportResult>.Ok(reported.Value.WithNext(leased));
        }, cancellationToken);
    }

    // One read of the whole row (with its dependencies) serves the decision and the task the report answers with: the
    // decided life applied to it, not read back (StoreContractTests.Report_AnswersWithTheTaskAsAReadGivesItAfterwards
    // holds it to that). deferPlanCheck: the caller looks for plan completion itself, after the claim that follows.
    private static (Result<ReportResult> Result, bool PlanCheck) Report(StoreScope scope, ReportRequest request, DateTimeOffset now, bool deferPlanCheck)
    {
        var id = request.TaskId.Value;
        var earlier = request.IdempotencyKey is { } key ? FindReportByKey(scope, id, key) : null;
        if (TaskMachine.IsReplay(request, earlier))
        {
            return (new ReportResult { Task = LoadTask(scope, id)!, Report = earlier!, Replayed = true }, false);
        }
        if (LoadTaskAndLife(scope, id) is not { } row)
        {
            return (BatonError.Of(ErrorCode.NotFound, $"no task '{id}'"), false);
        }
        var (task, life) = row;
        var decision = TaskMachine.Report(task, life, request, now, new ScopeReads(scope));
        var applied = Apply(scope, decision.Changes, deferPlanCheck);
        if (!decision.Accepted)
        {
            return (decision.Refusal!, false);
        }
        return (new ReportResult { Task = decision.After!.ApplyTo(task), Report = applied.Report! }, applied.PlanCheckDeferred);
    }

    // The task as a read gives it, and its life; null when there is no such task.
    internal static (TaskItem Task, TaskLife Life)? LoadTaskAndLife(StoreScope scope, string id)
    {
        using var row = scope.Query($"SELECT {TaskRows.Columns}, {TaskRows.DependsOn} FROM tasks WHERE id = $id", ("$id", id));
        return row.Read() ? TaskRows.ReadBoth(row, TaskRows.ReadDependsOn(row, TaskRows.ColumnCount)) : null;
    }
}

using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Tasks;

namespace Baton.Core.Limits;

/// <summary>Each API request held to <see cref="FieldLimits"/>: null when it is within them, else the first field over.
/// Local mode checks every request here; the hub checks the wire messages first (their milliseconds before they become
/// durations), then the same requests again through local mode's code.</summary>
public static class RequestFields
{
    /// <summary>A claim's worker, labels, wait and lease.</summary>
    public static BatonError? Claim(ClaimRequest request, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        return Worker(request.Worker, limits)
            ?? Labels(request.Labels, limits)
            ?? FieldCheck.Duration("wait", request.Wait, limits.MaxWait, positive: false)
            ?? FieldCheck.Duration("lease", request.Lease, limits.MaxLease, positive: true);
    }

    /// <summary>A heartbeat's worker, task, note and lease.</summary>
    public static BatonError? Heartbeat(HeartbeatRequest request, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        return Worker(request.Worker, limits)
            ?? Task(request.Task, limits)
            ?? FieldCheck.Text("note", request.Note, limits.MaxNote)
            ?? FieldCheck.Duration("lease", request.Lease, limits.MaxLease, positive: true);
    }

    /// <summary>A report's every field, and its next claim.</summary>
    public static BatonError? Report(ReportRequest request, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        return Worker(request.Worker, limits)
            ?? Task(request.TaskId, limits)
            ?? FieldCheck.Text("summary", request.Summary, limits.MaxSummary)
            ?? FieldCheck.Text("notes", request.Notes, limits.MaxSummary)
            ?? FieldCheck.List("files", request.Files, limits.MaxFiles, limits.MaxPath)
            ?? FieldCheck.Text("lease_id", request.LeaseId?.Value, limits.MaxName)
            ?? FieldCheck.Text("idempotency_key", request.IdempotencyKey, limits.MaxName)
            ?? FieldCheck.Text("worktree", request.Worktree, limits.MaxPath)
            ?? (request.Next is { } next ? Claim(next, limits) : null);
    }

    /// <summary>A release's worker, task and reason.</summary>
    public static BatonError? Release(ReleaseRequest request, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        return Worker(request.Worker, limits) ?? Task(request.TaskId, limits) ?? FieldCheck.Text("reason", request.Reason, limits.MaxNote);
    }

    /// <summary>A cancel's task and reason.</summary>
    public static BatonError? Cancel(TaskId taskId, string? reason, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return Task(taskId, limits) ?? FieldCheck.Text("reason", reason, limits.MaxNote);
    }

    /// <summary>A resolve's task and the text it sets.</summary>
    public static BatonError? Resolve(ResolveRequest request, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(limits);
        return Task(request.TaskId, limits)
            ?? FieldCheck.Text("title", request.Title, limits.MaxTitle)
            ?? FieldCheck.Text("description", request.Description, limits.MaxText)
            ?? FieldCheck.Text("context", request.Context, limits.MaxText)
            ?? FieldCheck.Text("note", request.Note, limits.MaxNote);
    }

    /// <summary>A worker name.</summary>
    public static BatonError? Worker(WorkerId? worker, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return FieldCheck.Text("worker", worker?.Value, limits.MaxName);
    }

    /// <summary>A task id.</summary>
    public static BatonError? Task(TaskId? task, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return FieldCheck.Text("task_id", task?.Value, limits.MaxName);
    }

    /// <summary>A worker's or a claim's labels.</summary>
    public static BatonError? Labels(IReadOnlyList<string>? labels, FieldLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return FieldCheck.List("labels", labels, limits.MaxLabels, limits.MaxName);
    }
}

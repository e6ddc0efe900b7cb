using Baton.Core.Limits;
using Baton.Core.Protocol;

namespace Baton.Hub.Limits;

/// <summary>
/// Holds a request off the wire (WebSocket or HTTP) to the hub's <see cref="FieldLimits"/> before anything acts on it:
/// milliseconds out of range are refused before they become durations (2^63 ms overflows a <see cref="TimeSpan"/>),
/// and text over its length before it reaches the store (a 10 MB worker name would be carried by every status).
/// MCP tools and local mode meet the same limits in <see cref="Baton.Service.LocalBaton"/>.
/// </summary>
internal static class RequestLimits
{
    public static ErrorMessage? Check(ProtocolMessage message, FieldLimits limits)
    {
        var error = message switch
        {
            HelloMessage m => RequestFields.Worker(m.Worker, limits) ?? RequestFields.Labels(m.Labels, limits),
            ClaimMessage m => RequestFields.Worker(m.Worker, limits)
                ?? RequestFields.Labels(m.Labels, limits)
                ?? FieldCheck.Milliseconds("wait_ms", m.WaitMs, 0, limits.MaxWait)
                ?? FieldCheck.Milliseconds("lease_ms", m.LeaseMs, 1, limits.MaxLease),
            HeartbeatMessage m => RequestFields.Worker(m.Worker, limits)
                ?? RequestFields.Task(m.TaskId, limits)
                ?? FieldCheck.Text("note", m.Note, limits.MaxNote)
                ?? FieldCheck.Milliseconds("lease_ms", m.LeaseMs, 1, limits.MaxLease),
            ReportMessage m => RequestFields.Worker(m.Worker, limits)
                ?? RequestFields.Task(m.TaskId, limits)
                ?? FieldCheck.Text("summary", m.Summary, limits.MaxSummary)
                ?? FieldCheck.Text("notes", m.Notes, limits.MaxSummary)
                ?? FieldCheck.List("files", m.Files, limits.MaxFiles, limits.MaxPath)
                ?? FieldCheck.Text("lease_id", m.LeaseId?.Value, limits.MaxName)
                ?? FieldCheck.Text("idempotency_key", m.IdempotencyKey, limits.MaxName)
                ?? FieldCheck.Milliseconds("next_wait_ms", m.NextWaitMs, 0, limits.MaxWait)
                ?? FieldCheck.Milliseconds("next_lease_ms", m.NextLeaseMs, 1, limits.MaxLease),
            ReleaseMessage m => RequestFields.Worker(m.Worker, limits)
                ?? RequestFields.Task(m.TaskId, limits)
                ?? FieldCheck.Text("reason", m.Reason, limits.MaxNote),
            TaskCancelMessage m => RequestFields.Cancel(m.TaskId, m.Reason, limits),
            TaskShowMessage m => RequestFields.Task(m.TaskId, limits),
            CheckMessage m => RequestFields.Task(m.TaskId, limits),
            ResolveMessage m => RequestFields.Task(m.TaskId, limits)
                ?? FieldCheck.Text("title", m.Title, limits.MaxTitle)
                ?? FieldCheck.Text("description", m.Description, limits.MaxText)
                ?? FieldCheck.Text("context", m.Context, limits.MaxText)
                ?? FieldCheck.Text("note", m.Note, limits.MaxNote),
            EventsReadMessage m => FieldCheck.Milliseconds("wait_ms", m.WaitMs, 0, limits.MaxWait),
            _ => null,
        };
        return error is null ? null : new ErrorMessage { Id = message.Id, Code = error.Code, Message = error.Message };
    }
}

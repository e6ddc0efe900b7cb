// TEMPORARY: signatures of types other branches are writing; deleted when they land on main.
#pragma warning disable CA1822 // stub bodies: replaced by the real implementation
using System.Text.Json.Serialization.Metadata;
using Baton.Core.Api;
using Baton.Core.Events;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

public sealed class BatonJsonContext
{
    public static BatonJsonContext Default { get; } = new();
    public JsonTypeInfo<ImportResult> ImportResult => throw new NotImplementedException();
    public JsonTypeInfo<Assignment> Assignment => throw new NotImplementedException();
    public JsonTypeInfo<HeartbeatResult> HeartbeatResult => throw new NotImplementedException();
    public JsonTypeInfo<ReportResult> ReportResult => throw new NotImplementedException();
    public JsonTypeInfo<TaskItem> TaskItem => throw new NotImplementedException();
    public JsonTypeInfo<TaskDetail> TaskDetail => throw new NotImplementedException();
    public JsonTypeInfo<StatusSnapshot> StatusSnapshot => throw new NotImplementedException();
    public JsonTypeInfo<BatonEvent> BatonEvent => throw new NotImplementedException();
}

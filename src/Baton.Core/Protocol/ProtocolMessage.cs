using System.Text.Json.Serialization;

namespace Baton.Core.Protocol;

/// <summary>
/// One WebSocket text frame: a JSON object whose <c>type</c> names the message. A request carries an
/// integer <c>id</c> and its reply carries the same id; pushed messages (<c>event</c>) carry none.
/// Unknown properties are ignored, so newer clients and hubs can add fields.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(HelloMessage), MessageTypes.Hello)]
[JsonDerivedType(typeof(WelcomeMessage), MessageTypes.Welcome)]
[JsonDerivedType(typeof(ClaimMessage), MessageTypes.Claim)]
[JsonDerivedType(typeof(TaskAssignedMessage), MessageTypes.TaskAssigned)]
[JsonDerivedType(typeof(NoTaskMessage), MessageTypes.NoTask)]
[JsonDerivedType(typeof(HeartbeatMessage), MessageTypes.Heartbeat)]
[JsonDerivedType(typeof(HeartbeatOkMessage), MessageTypes.HeartbeatOk)]
[JsonDerivedType(typeof(ReportMessage), MessageTypes.Report)]
[JsonDerivedType(typeof(ReportOkMessage), MessageTypes.ReportOk)]
[JsonDerivedType(typeof(ReleaseMessage), MessageTypes.Release)]
[JsonDerivedType(typeof(ReleaseOkMessage), MessageTypes.ReleaseOk)]
[JsonDerivedType(typeof(SubscribeMessage), MessageTypes.Subscribe)]
[JsonDerivedType(typeof(SubscribedMessage), MessageTypes.Subscribed)]
[JsonDerivedType(typeof(UnsubscribeMessage), MessageTypes.Unsubscribe)]
[JsonDerivedType(typeof(UnsubscribedMessage), MessageTypes.Unsubscribed)]
[JsonDerivedType(typeof(EventMessage), MessageTypes.Event)]
[JsonDerivedType(typeof(ImportMessage), MessageTypes.Import)]
[JsonDerivedType(typeof(ImportOkMessage), MessageTypes.ImportOk)]
[JsonDerivedType(typeof(StatusMessage), MessageTypes.Status)]
[JsonDerivedType(typeof(StatusOkMessage), MessageTypes.StatusOk)]
[JsonDerivedType(typeof(TaskListMessage), MessageTypes.TaskList)]
[JsonDerivedType(typeof(TaskListOkMessage), MessageTypes.TaskListOk)]
[JsonDerivedType(typeof(TaskShowMessage), MessageTypes.TaskShow)]
[JsonDerivedType(typeof(TaskShowOkMessage), MessageTypes.TaskShowOk)]
[JsonDerivedType(typeof(TaskCancelMessage), MessageTypes.TaskCancel)]
[JsonDerivedType(typeof(TaskCancelOkMessage), MessageTypes.TaskCancelOk)]
[JsonDerivedType(typeof(EventsReadMessage), MessageTypes.EventsRead)]
[JsonDerivedType(typeof(EventsReadOkMessage), MessageTypes.EventsReadOk)]
[JsonDerivedType(typeof(InboxMessage), MessageTypes.Inbox)]
[JsonDerivedType(typeof(InboxOkMessage), MessageTypes.InboxOk)]
[JsonDerivedType(typeof(ResolveMessage), MessageTypes.Resolve)]
[JsonDerivedType(typeof(ResolveOkMessage), MessageTypes.ResolveOk)]
[JsonDerivedType(typeof(StatsMessage), MessageTypes.Stats)]
[JsonDerivedType(typeof(StatsOkMessage), MessageTypes.StatsOk)]
[JsonDerivedType(typeof(CheckMessage), MessageTypes.Check)]
[JsonDerivedType(typeof(CheckOkMessage), MessageTypes.CheckOk)]
[JsonDerivedType(typeof(VerifyMessage), MessageTypes.Verify)]
[JsonDerivedType(typeof(VerifyOkMessage), MessageTypes.VerifyOk)]
[JsonDerivedType(typeof(PingMessage), MessageTypes.Ping)]
[JsonDerivedType(typeof(PongMessage), MessageTypes.Pong)]
[JsonDerivedType(typeof(ErrorMessage), MessageTypes.Error)]
public abstract record ProtocolMessage
{
    /// <summary>The request's number, chosen by the client; the reply repeats it. Null on pushed messages.</summary>
    public long? Id { get; init; }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary>
/// Source-generated JSON for the protocol and every Core API type (snake_case, nulls left out).
/// Public so the hub, the client and the CLI (<c>--json</c>) all write the same shapes. Reading accepts
/// <c>type</c> anywhere in an object, because clients in other languages do not order keys.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowOutOfOrderMetadataProperties = true,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ProtocolMessage))]
[JsonSerializable(typeof(HelloMessage))]
[JsonSerializable(typeof(WelcomeMessage))]
[JsonSerializable(typeof(ClaimMessage))]
[JsonSerializable(typeof(TaskAssignedMessage))]
[JsonSerializable(typeof(NoTaskMessage))]
[JsonSerializable(typeof(HeartbeatMessage))]
[JsonSerializable(typeof(HeartbeatOkMessage))]
[JsonSerializable(typeof(ReportMessage))]
[JsonSerializable(typeof(ReportOkMessage))]
[JsonSerializable(typeof(ReleaseMessage))]
[JsonSerializable(typeof(ReleaseOkMessage))]
[JsonSerializable(typeof(SubscribeMessage))]
[JsonSerializable(typeof(SubscribedMessage))]
[JsonSerializable(typeof(UnsubscribeMessage))]
[JsonSerializable(typeof(UnsubscribedMessage))]
[JsonSerializable(typeof(EventMessage))]
[JsonSerializable(typeof(ImportMessage))]
[JsonSerializable(typeof(ImportOkMessage))]
[JsonSerializable(typeof(StatusMessage))]
[JsonSerializable(typeof(StatusOkMessage))]
[JsonSerializable(typeof(TaskListMessage))]
[JsonSerializable(typeof(TaskListOkMessage))]
[JsonSerializable(typeof(TaskShowMessage))]
[JsonSerializable(typeof(TaskShowOkMessage))]
[JsonSerializable(typeof(TaskCancelMessage))]
[JsonSerializable(typeof(TaskCancelOkMessage))]
[JsonSerializable(typeof(EventsReadMessage))]
[JsonSerializable(typeof(EventsReadOkMessage))]
[JsonSerializable(typeof(InboxMessage))]
[JsonSerializable(typeof(InboxOkMessage))]
[JsonSerializable(typeof(ResolveMessage))]
[JsonSerializable(typeof(ResolveOkMessage))]
[JsonSerializable(typeof(StatsMessage))]
[JsonSerializable(typeof(StatsOkMessage))]
[JsonSerializable(typeof(CheckMessage))]
[JsonSerializable(typeof(CheckOkMessage))]
[JsonSerializable(typeof(VerifyMessage))]
[JsonSerializable(typeof(VerifyOkMessage))]
[JsonSerializable(typeof(IReadOnlyList<Baton.Core.Escalations.InboxItem>))]
[JsonSerializable(typeof(Baton.Core.Stats.StatsSnapshot))]
[JsonSerializable(typeof(Baton.Core.Checks.CheckReport))]
[JsonSerializable(typeof(Baton.Core.Checks.VerifyResult))]
[JsonSerializable(typeof(Baton.Core.Escalations.ResolveRequest))]
[JsonSerializable(typeof(PingMessage))]
[JsonSerializable(typeof(PongMessage))]
[JsonSerializable(typeof(ErrorMessage))]
[JsonSerializable(typeof(TaskItem))]
[JsonSerializable(typeof(IReadOnlyList<TaskItem>))]
[JsonSerializable(typeof(Assignment))]
[JsonSerializable(typeof(TaskDetail))]
[JsonSerializable(typeof(StatusSnapshot))]
[JsonSerializable(typeof(ReportResult))]
[JsonSerializable(typeof(HeartbeatResult))]
[JsonSerializable(typeof(ImportResult))]
[JsonSerializable(typeof(BatonError))]
[JsonSerializable(typeof(BatonEvent))]
[JsonSerializable(typeof(IReadOnlyList<BatonEvent>))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class BatonJsonContext : JsonSerializerContext;

using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Hub.Access;

/// <summary>
/// Who may do what: the one table every way into the hub asks (WebSocket requests, the HTTP API's route policies,
/// MCP tool calls). Reading needs an observer, working on leases a worker (acting under its own name only when its
/// token is bound to one), changing the plan or running a program (checks) a coordinator.
/// </summary>
public static class AccessRules
{
    /// <summary>The least role a request needs.</summary>
    public static HubRole RequiredRole(ProtocolMessage message) => message switch
    {
        ClaimMessage or HeartbeatMessage or ReportMessage or ReleaseMessage => HubRole.Worker,
        ImportMessage or TaskCancelMessage or ResolveMessage or CheckMessage or VerifyMessage => HubRole.Coordinator,
        _ => HubRole.Observer,
    };

    /// <summary>Whether <paramref name="caller"/> may send a request that needs <paramref name="needed"/>.</summary>
    public static Result<Caller> Allow(Caller caller, HubRole needed, string what)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Role >= needed
            ? caller
            : Result<Caller>.Fail(ErrorCode.Forbidden,
                $"{what} needs the {needed.ToName()} role; token {caller.TokenId} has the {caller.Role.ToName()} role");
    }

    /// <summary>Whether <paramref name="caller"/> may act as <paramref name="worker"/>: a token bound to a worker acts
    /// under that name only.</summary>
    public static Result<WorkerId> ActAs(Caller caller, WorkerId worker)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Worker is { } bound && bound != worker
            ? Result<WorkerId>.Fail(ErrorCode.Forbidden, $"token {caller.TokenId} is bound to worker \"{bound}\"; it cannot act as \"{worker}\"")
            : worker;
    }

    /// <summary>A request's name for messages: its wire type.</summary>
    public static string NameOf(ProtocolMessage message) => message switch
    {
        ClaimMessage => MessageTypes.Claim,
        HeartbeatMessage => MessageTypes.Heartbeat,
        ReportMessage => MessageTypes.Report,
        ReleaseMessage => MessageTypes.Release,
        ImportMessage => MessageTypes.Import,
        TaskCancelMessage => MessageTypes.TaskCancel,
        ResolveMessage => MessageTypes.Resolve,
        CheckMessage => MessageTypes.Check,
        VerifyMessage => MessageTypes.Verify,
        _ => message.GetType().Name.Replace("Message", "", StringComparison.Ordinal).ToLowerInvariant(),
    };
}

using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Connections;
using Baton.Hub.Logging;
using Baton.Hub.Metrics;
using Baton.Hub.Scheduling;
using Baton.Service;
using Baton.Storage;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Requests;

/// <summary>
/// Answers one request, for the WebSocket and the HTTP API alike. The operations themselves are
/// <see cref="LocalBaton"/>'s (the same code as local mode); waiting claims go through the dispatcher.
/// </summary>
internal sealed class RequestHandler
{
    private const int MaxEventsPerRead = 1000;

    private readonly LocalBaton _api;
    private readonly IBatonStore _store;
    private readonly ClaimDispatcher _dispatcher;
    private readonly WorkerConnections _workers;
    private readonly TokenValidator _tokens;
    private readonly ILogger _logger;
    private readonly Baton.Core.Limits.FieldLimits _limits;
    private readonly string _storePath;
    private readonly HubMetrics _metrics;

    public RequestHandler(LocalBaton api, IBatonStore store, ClaimDispatcher dispatcher, WorkerConnections workers, TokenValidator tokens, ILoggerFactory loggers, HubOptions options, HubMetrics metrics)
    {
        _metrics = metrics;
        _limits = options.Limits.Fields;
        _storePath = options.Target.Display;
        _api = api;
        _store = store;
        _dispatcher = dispatcher;
        _workers = workers;
        _tokens = tokens;
        _logger = loggers.CreateLogger("Baton.Hub.Access");
    }

    public Task<long> LastEventIdAsync(CancellationToken cancellationToken) => _store.LastEventIdAsync(cancellationToken);

    /// <summary>True for requests that may wait a long time; a connection runs them beside later requests.</summary>
    public static bool MayWait(ProtocolMessage message)
        => message is ClaimMessage { Wait: true } or EventsReadMessage { WaitMs: > 0 } or ReportMessage { Next: true, NextWaitMs: > 0 };

    public async Task<ProtocolMessage> HandleAsync(HubSession session, ProtocolMessage message, CancellationToken cancellationToken)
    {
        var started = _metrics.Start();
        var reply = await AnswerAsync(session, message, cancellationToken);
        if (started != 0)
        {
            _metrics.Request(AccessRules.NameOf(message), reply switch { ErrorMessage error => error.Code.ToWire(), NoTaskMessage => "no_task", _ => "ok" }, System.Diagnostics.Stopwatch.GetElapsedTime(started));
        }
        return reply;
    }

    private async Task<ProtocolMessage> AnswerAsync(HubSession session, ProtocolMessage message, CancellationToken cancellationToken)
    {
        if (message is not HelloMessage && Admit(session, message) is { } refusal)
        {
            return refusal with { Id = message.Id };
        }
        if (Limits.RequestLimits.Check(message, _limits) is { } overLimit)
        {
            return overLimit;
        }
        // Every event this request appends names the token that made it (the audit trail).
        AuditActor.Current = session.Caller?.Actor;
        var reply = message switch
        {
            HelloMessage hello => await HelloAsync(session, hello, cancellationToken),
            PingMessage => new PongMessage(),
            ClaimMessage claim => await ClaimAsync(session, claim, cancellationToken),
            HeartbeatMessage heartbeat => await HeartbeatAsync(session, heartbeat, cancellationToken),
            ReportMessage report => await ReportAsync(session, report, cancellationToken),
            ReleaseMessage release => await ReleaseAsync(session, release, cancellationToken),
            ImportMessage import => Reply(await _api.ImportAsync(import.Plan.GetRawText(), cancellationToken),
                r => new ImportOkMessage { Plan = r.Plan, Imported = r.Imported, Warnings = r.Warnings }),
            StatusMessage => Reply(await _api.StatusAsync(cancellationToken), s => new StatusOkMessage { Status = s with { Store = _storePath } }),
            TaskListMessage list => Reply(
                await _api.ListTasksAsync(new TaskQuery { State = list.State, ReadyOnly = list.ReadyOnly }, cancellationToken),
                t => new TaskListOkMessage { Tasks = t }),
            TaskShowMessage show => Reply(await _api.ShowTaskAsync(show.TaskId, cancellationToken), d => new TaskShowOkMessage { Detail = d }),
            TaskCancelMessage cancel => Reply(await _api.CancelAsync(cancel.TaskId, cancel.Reason, cancellationToken),
                t => new TaskCancelOkMessage { Task = t }),
            EventsReadMessage read => await ReadEventsAsync(read, cancellationToken),
            InboxMessage => Reply(await _api.InboxAsync(cancellationToken), items => new InboxOkMessage { Items = items }),
            ResolveMessage resolve => Reply(await _api.ResolveAsync(new Baton.Core.Escalations.ResolveRequest
            {
                TaskId = resolve.TaskId,
                Action = resolve.Action,
                Title = resolve.Title,
                Description = resolve.Description,
                Context = resolve.Context,
                Note = resolve.Note,
            }, cancellationToken), t => new ResolveOkMessage { Task = t }),
            StatsMessage => Reply(await _api.StatsAsync(cancellationToken), s => new StatsOkMessage { Stats = s }),
            CheckMessage check => Reply(await _api.CheckAsync(check.TaskId, cancellationToken), r => new CheckOkMessage { Report = r }),
            VerifyMessage => Reply(await _api.VerifyAsync(cancellationToken), r => new VerifyOkMessage { Result = r }),
            _ => Error(ErrorCode.BadRequest, $"\"{TypeOf(message)}\" is not a request a client can send"),
        };
        return reply with { Id = message.Id };
    }

    /// <summary>Null when the session may send <paramref name="message"/>: it has shown a token that still holds
    /// and whose role covers the request. Otherwise the refusal, logged for the audit trail.</summary>
    public ErrorMessage? Admit(HubSession session, ProtocolMessage message)
    {
        if (session.Caller is not { } caller)
        {
            return Refuse(session, message, ErrorCode.Unauthorized,
                "say hello with a token first (hello.token, or Authorization: Bearer on the upgrade); " + TokenValidator.MissingTokenHelp);
        }
        if (!session.IsHttp)
        {
            // A socket lives long: its token may have been revoked, have expired or lost its key since hello.
            var still = _tokens.Validate(session.Token);
            if (!still.IsOk)
            {
                return Refuse(session, message, still.Error.Code, still.Error.Message);
            }
        }
        var allowed = AccessRules.Allow(caller, AccessRules.RequiredRole(message), AccessRules.NameOf(message));
        return allowed.IsOk ? null : Refuse(session, message, allowed.Error.Code, allowed.Error.Message);
    }

    private ErrorMessage Refuse(HubSession session, ProtocolMessage message, ErrorCode code, string reason)
    {
        HubLog.RequestRefused(_logger, AccessRules.NameOf(message), session.Id, session.Remote, session.Caller?.Actor ?? "no token", code.ToWire(), reason);
        return Error(code, reason);
    }

    private async Task<ProtocolMessage> HelloAsync(HubSession session, HelloMessage hello, CancellationToken cancellationToken)
    {
        if (hello.Protocol != ProtocolInfo.Version)
        {
            return Error(ErrorCode.UnsupportedProtocol, $"protocol {hello.Protocol} is not supported; this hub speaks {ProtocolInfo.Version}");
        }
        var role = hello.Role;
        if (!HubRoles.TryParse(role, out var helloRole))
        {
            return Error(ErrorCode.BadRequest, $"unknown role \"{hello.Role}\"; expected worker, coordinator or observer");
        }
        if (hello.Token is { } token)
        {
            var shown = _tokens.Validate(token);
            if (!shown.IsOk)
            {
                return Refuse(session, hello, shown.Error.Code, shown.Error.Message);
            }
            session.Caller = shown.Value;
            session.Token = token;
        }
        if (session.Caller is not { } caller)
        {
            return Refuse(session, hello, ErrorCode.Unauthorized, TokenValidator.MissingTokenHelp);
        }
        var allowed = AccessRules.Allow(caller, helloRole, $"hello as {role}");
        if (!allowed.IsOk)
        {
            return Refuse(session, hello, allowed.Error.Code, allowed.Error.Message);
        }
        if (hello.Worker is { } named && string.IsNullOrWhiteSpace(named.Value))
        {
            return Error(ErrorCode.BadRequest, "worker name must not be empty");
        }
        var helloWorker = hello.Worker ?? (role == ClientRoles.Worker ? caller.Worker : null);
        if (helloWorker is { } acting && AccessRules.ActAs(caller, acting) is { IsOk: false } foreign)
        {
            return Refuse(session, hello, foreign.Error.Code, foreign.Error.Message);
        }
        hello = hello with { Worker = helloWorker };
        if (role == ClientRoles.Worker && hello.Worker is null)
        {
            return Error(ErrorCode.BadRequest, "the worker role needs a worker name");
        }
        if (hello.Capacity is < 1)
        {
            return Error(ErrorCode.BadRequest, "capacity must be at least 1");
        }

        var kind = hello.Session ?? SessionKinds.Persistent;
        if (!SessionKinds.All.Contains(kind))
        {
            return Error(ErrorCode.BadRequest, $"unknown session \"{hello.Session}\"; expected persistent or ephemeral");
        }

        // Only a persistent worker session is watched: its close starts the worker's disconnect grace. An
        // ephemeral one (a CLI call) writes nothing on hello; its worker is recorded by what it does.
        var watch = kind == SessionKinds.Persistent ? hello.Worker : null;
        var previous = session.Watched;
        if (watch is { } worker && previous != worker)
        {
            await _workers.ConnectedAsync(worker, hello.Capacity, hello.Labels, cancellationToken);
        }
        if (previous is { } old && old != watch)
        {
            await _workers.DisconnectedAsync(old);
        }
        session.Watched = watch;
        session.SaidHello = true;
        session.Role = role;
        session.Worker = hello.Worker;
        session.Capacity = hello.Capacity;
        session.Labels = hello.Labels;
        session.Priority = hello.Priority;
        return new WelcomeMessage
        {
            Protocol = ProtocolInfo.Version,
            Session = session.Id,
            Worker = hello.Worker,
            LastEventId = await _store.LastEventIdAsync(cancellationToken),
        };
    }

    private async Task<ProtocolMessage> ClaimAsync(HubSession session, ClaimMessage claim, CancellationToken cancellationToken)
    {
        var worker = ResolveWorker(session, claim, claim.Worker);
        if (!worker.IsOk)
        {
            return ErrorMessage.From(worker.Error, null);
        }
        if (claim.WaitMs is < 0 || claim.LeaseMs is <= 0 || claim.Capacity is < 1)
        {
            return Error(ErrorCode.BadRequest, "wait_ms must not be negative; lease_ms and capacity must be positive");
        }
        var request = new ClaimRequest
        {
            Worker = worker.Value,
            Lease = claim.LeaseMs is { } lease ? TimeSpan.FromMilliseconds(lease) : null,
            Capacity = claim.Capacity ?? session.Capacity,
            Labels = claim.Labels ?? session.Labels,
            Priority = claim.Priority ?? session.Priority,
        };
        var result = claim.Wait && claim.WaitMs is not 0
            ? await _dispatcher.ClaimAsync(request, claim.WaitMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null, cancellationToken)
            : await _api.ClaimAsync(request, cancellationToken);
        if (!result.IsOk && result.Error.Code == ErrorCode.NoTask)
        {
            return new NoTaskMessage { Message = result.Error.Message };
        }
        return Reply(result, a => new TaskAssignedMessage { Assignment = a });
    }

    private async Task<ProtocolMessage> HeartbeatAsync(HubSession session, HeartbeatMessage heartbeat, CancellationToken cancellationToken)
    {
        var worker = ResolveWorker(session, heartbeat, heartbeat.Worker);
        if (!worker.IsOk)
        {
            return ErrorMessage.From(worker.Error, null);
        }
        if (heartbeat.LeaseMs is <= 0)
        {
            return Error(ErrorCode.BadRequest, "lease_ms must be positive");
        }
        var request = new HeartbeatRequest
        {
            Worker = worker.Value,
            Task = heartbeat.TaskId,
            Note = heartbeat.Note,
            Lease = heartbeat.LeaseMs is { } lease ? TimeSpan.FromMilliseconds(lease) : null,
        };
        return Reply(await _api.HeartbeatAsync(request, cancellationToken), r => new HeartbeatOkMessage { Renewed = r.Renewed });
    }

    private async Task<ProtocolMessage> ReportAsync(HubSession session, ReportMessage report, CancellationToken cancellationToken)
    {
        var worker = ResolveWorker(session, report, report.Worker);
        if (!worker.IsOk)
        {
            return ErrorMessage.From(worker.Error, null);
        }
        var request = new ReportRequest
        {
            TaskId = report.TaskId,
            Worker = worker.Value,
            Outcome = report.Outcome,
            Summary = report.Summary ?? "",
            Files = report.Files ?? [],
            ContextScore = report.ContextScore,
            Notes = report.Notes,
            Worktree = report.Worktree,
            LeaseId = report.LeaseId,
            IdempotencyKey = report.IdempotencyKey,
        };
        if (report.NextWaitMs is < 0 || report.NextLeaseMs is <= 0)
        {
            return Error(ErrorCode.BadRequest, "next_wait_ms must not be negative; next_lease_ms must be positive");
        }
        var next = report.Next
            ? new ClaimRequest
            {
                Worker = worker.Value,
                Lease = report.NextLeaseMs is { } lease ? TimeSpan.FromMilliseconds(lease) : null,
                Capacity = session.Capacity,
                Labels = session.Labels,
                Priority = session.Priority,
                Wait = report.NextWaitMs is > 0 and var ms ? TimeSpan.FromMilliseconds(ms) : null,
            }
            : null;
        var reported = await _dispatcher.ReportAsync(_api, request with { Next = next }, cancellationToken);
        return Reply(reported, r => new ReportOkMessage
        {
            Task = r.Task,
            Report = r.Report,
            Replayed = r.Replayed,
            Checks = r.Checks,
            Next = r.Next,
            NoNext = r.NoNext,
        });
    }

    private async Task<ProtocolMessage> ReleaseAsync(HubSession session, ReleaseMessage release, CancellationToken cancellationToken)
    {
        var worker = ResolveWorker(session, release, release.Worker);
        if (!worker.IsOk)
        {
            return ErrorMessage.From(worker.Error, null);
        }
        var request = new ReleaseRequest { TaskId = release.TaskId, Worker = worker.Value, Reason = release.Reason };
        return Reply(await _api.ReleaseAsync(request, cancellationToken), t => new ReleaseOkMessage { Task = t });
    }

    private async Task<ProtocolMessage> ReadEventsAsync(EventsReadMessage read, CancellationToken cancellationToken)
    {
        if (read.After < 0 || read.Max is < 1 or > MaxEventsPerRead || read.WaitMs is < 0)
        {
            return Error(ErrorCode.BadRequest, $"after must not be negative, max must be 1-{MaxEventsPerRead}, wait_ms must not be negative");
        }
        var wait = TimeSpan.FromMilliseconds(read.WaitMs ?? 0);
        return Reply(await _api.ReadEventsAsync(read.After, read.Max ?? 100, wait, cancellationToken), e => new EventsReadOkMessage { Events = e });
    }

    /// <summary>Who a worker operation speaks for: the body's worker over HTTP, the session's on a socket, and
    /// the token's own worker when the token is bound to one; a bound token acts under no other name.</summary>
    private Result<WorkerId> ResolveWorker(HubSession session, ProtocolMessage message, WorkerId? named)
    {
        var worker = ResolveWorker(session, named);
        if (!worker.IsOk && worker.Error.Code == ErrorCode.Forbidden)
        {
            Refuse(session, message, worker.Error.Code, worker.Error.Message);
        }
        return worker;
    }

    private static Result<WorkerId> ResolveWorker(HubSession session, WorkerId? named)
    {
        if (!session.IsHttp && !session.SaidHello)
        {
            return Result<WorkerId>.Fail(ErrorCode.BadRequest, "say hello first: worker operations need a session");
        }
        var caller = session.Caller!; // Admit let the request in, so the session has shown a token.
        if (named is { } worker)
        {
            if (string.IsNullOrWhiteSpace(worker.Value))
            {
                return Result<WorkerId>.Fail(ErrorCode.BadRequest, "worker name must not be empty");
            }
            if (session.Worker is { } own && own != worker)
            {
                return Result<WorkerId>.Fail(ErrorCode.Forbidden, $"this session speaks as worker \"{own}\", not \"{worker}\"");
            }
            return AccessRules.ActAs(caller, worker);
        }
        return (session.Worker ?? caller.Worker) is { } sessionWorker
            ? sessionWorker
            : Result<WorkerId>.Fail(ErrorCode.BadRequest, "no worker: say hello with a worker name, or name the worker");
    }

    private static ProtocolMessage Reply<T>(Result<T> result, Func<T, ProtocolMessage> map)
        => result.IsOk ? map(result.Value) : ErrorMessage.From(result.Error, null);

    private static ErrorMessage Error(ErrorCode code, string message) => new() { Code = code, Message = message };

    private static string TypeOf(ProtocolMessage message) => message switch
    {
        WelcomeMessage => MessageTypes.Welcome,
        TaskAssignedMessage => MessageTypes.TaskAssigned,
        NoTaskMessage => MessageTypes.NoTask,
        ErrorMessage => MessageTypes.Error,
        EventMessage => MessageTypes.Event,
        _ => message.GetType().Name,
    };
}

using System.Buffers;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.Json;
using Baton.Core.Errors;
using Baton.Core.Protocol;
using Baton.Hub.Access;
using Baton.Hub.Events;
using Baton.Hub.Limits;
using Baton.Hub.Logging;
using Baton.Hub.Requests;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Connections;

/// <summary>
/// One client socket: a receive loop that answers requests in order (long waits run beside it). A WebSocket
/// allows one send at a time, so sends take a gate; the thread that has the reply sends it, without a hop
/// to a writer task (on a quiet machine each hop between threads costs a wake-up, tens to hundreds of µs).
/// </summary>
internal sealed class HubConnection : IDisposable
{
    private readonly WebSocket _socket;
    private readonly RequestHandler _handler;
    private readonly WorkerConnections _workers;
    private readonly EventPump _pump;
    private readonly ILogger _logger;
    /// <summary>How long a new connection has to show a token in hello.</summary>
    public static readonly TimeSpan HelloTimeout = TimeSpan.FromSeconds(10);

    private readonly LargeFrameBudget _frames;
    private readonly HubLimits _limits;
    private readonly HubSession _session;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly List<Task> _running = [];
    private CancellationTokenSource? _subscription;
    // Cancels a send that takes longer than HubLimits.SendTimeout: a client that never reads must not keep its
    // connection (and what waits to be sent on it) for good. Re-armed for each send; one per connection.
    private CancellationTokenSource? _sendDeadline;
    private volatile bool _closing;

    public HubConnection(WebSocket socket, Caller? caller, string? token, string remote, RequestHandler handler, WorkerConnections workers, EventPump pump,
        ILogger logger, LargeFrameBudget frames)
    {
        _session = new HubSession("s-" + Guid.NewGuid().ToString("N")[..12], isHttp: false, caller, remote) { Token = token };
        _frames = frames;
        _limits = frames.Limits;
        _socket = socket;
        _handler = handler;
        _workers = workers;
        _pump = pump;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken hubStopping)
    {
        HubLog.ConnectionOpened(_logger, _session.Id);
        using var life = CancellationTokenSource.CreateLinkedTokenSource(hubStopping);
        using var sendDeadline = CancellationTokenSource.CreateLinkedTokenSource(life.Token);
        _sendDeadline = sendDeadline;
        try
        {
            await ReceiveLoopAsync(life.Token);
        }
        catch (WebSocketException ex) when (ex.WebSocketErrorCode == WebSocketError.ConnectionClosedPrematurely)
        {
            // A killed process or a dropped network: the worker's grace (if it is watched) covers it.
            HubLog.ConnectionDropped(_logger, _session.Id, ex.Message);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            if (!hubStopping.IsCancellationRequested)
            {
                HubLog.ConnectionAborted(_logger, ex, _session.Id);
            }
        }
        finally
        {
            _closing = true;
            await life.CancelAsync();
            await Task.WhenAll(_running).ContinueWith(static _ => { }, TaskScheduler.Default);
            _subscription?.Dispose();
            // Answer the client's close first: presence bookkeeping may wait on the store.
            await CloseAsync();
            if (_session.Watched is { } worker)
            {
                await _workers.DisconnectedAsync(worker);
            }
            HubLog.ConnectionClosed(_logger, _session.Id);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        using var frame = new FrameBuffer(_frames);
        // A connection that has shown no token (on the upgrade or in hello) by then is closed: an unauthenticated
        // socket costs the hub memory and serves nobody.
        using var helloDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        helloDeadline.CancelAfter(HelloTimeout);
        while (!cancellationToken.IsCancellationRequested)
        {
            var receiving = _session.Caller is not null ? cancellationToken : helloDeadline.Token;
            FrameOutcome outcome;
            try
            {
                outcome = await frame.ReceiveAsync(_socket, receiving);
            }
            catch (OperationCanceledException) when (helloDeadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                HubLog.HelloTimeout(_logger, _session.Id, (int)HelloTimeout.TotalSeconds);
                return;
            }
            switch (outcome)
            {
                case FrameOutcome.Closed:
                    return;
                case FrameOutcome.TooBig:
                    // The rest of the frame cannot be skipped reliably, so the connection ends.
                    await RefuseFrameAsync(WebSocketCloseStatus.MessageTooBig, string.Create(CultureInfo.InvariantCulture,
                        $"frame over {_limits.MaxFrameBytes:N0} bytes (an import: {_limits.MaxImportBytes:N0})"), cancellationToken);
                    return;
                case FrameOutcome.Busy:
                    await RefuseFrameAsync((WebSocketCloseStatus)1013, "the hub holds too many large frames; try again later", cancellationToken);
                    return;
            }
            if (frame.MessageType == WebSocketMessageType.Binary)
            {
                await SendAsync(new ErrorMessage { Code = ErrorCode.MalformedMessage, Message = "frames must be text (JSON), not binary" }, cancellationToken);
                continue;
            }
            await OnFrameAsync(frame.Message, cancellationToken);
            frame.Reset();
        }
    }

    private async Task RefuseFrameAsync(WebSocketCloseStatus status, string reason, CancellationToken cancellationToken)
    {
        HubLog.FrameRefused(_logger, _session.Id, reason);
        _closing = true;
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            // A close reason is at most 123 bytes.
            await _socket.CloseOutputAsync(status, reason.Length > 120 ? reason[..120] : reason, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
        await DrainAsync(cancellationToken);
    }

    // Reads and drops what the client still sends (the rest of the refused frame) until it answers the close, for a
    // few seconds and a bounded number of bytes: a socket closed with unread data is reset, and the reset can reach
    // the client before the close frame that says why.
    private async Task DrainAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            long drained = 0;
            while (drained <= 2L * _limits.MaxImportBytes)
            {
                var received = await _socket.ReceiveAsync(scratch.AsMemory(), timeout.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
                drained += received.Count;
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client went away or took too long: the connection ends either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private async Task OnFrameAsync(ReadOnlyMemory<byte> frame, CancellationToken cancellationToken)
    {
        var parsed = FrameParser.Parse(frame);
        if (parsed.Error is { } error)
        {
            HubLog.MalformedFrame(_logger, _session.Id, error.Message);
            await SendAsync(error, cancellationToken);
            return;
        }
        var message = parsed.Message!; // FrameParser returns a message whenever it returns no error.
        HubLog.Request(_logger, message.GetType().Name, message.Id, _session.Id);
        if (message is SubscribeMessage or UnsubscribeMessage && _handler.Admit(_session, message) is { } refusal)
        {
            await SendAsync(refusal with { Id = message.Id }, cancellationToken);
            return;
        }
        switch (message)
        {
            case SubscribeMessage subscribe:
                await SubscribeAsync(subscribe, cancellationToken);
                break;
            case UnsubscribeMessage:
                await StopSubscriptionAsync();
                await SendAsync(new UnsubscribedMessage { Id = message.Id }, cancellationToken);
                break;
            case var waiting when RequestHandler.MayWait(waiting):
                _running.RemoveAll(t => t.IsCompleted);
                if (_running.Count >= _limits.MaxWaitingRequestsPerConnection)
                {
                    await SendAsync(new ErrorMessage
                    {
                        Id = message.Id,
                        Code = ErrorCode.LimitExceeded,
                        Message = string.Create(CultureInfo.InvariantCulture,
                            $"{_running.Count} requests already wait on this connection; the limit is {_limits.MaxWaitingRequestsPerConnection}"),
                    }, cancellationToken);
                    break;
                }
                _running.Add(AnswerAsync(waiting, cancellationToken));
                break;
            default:
                await AnswerAsync(message, cancellationToken);
                break;
        }
    }

    private async Task AnswerAsync(ProtocolMessage message, CancellationToken cancellationToken)
    {
        ProtocolMessage reply;
        try
        {
            reply = await _handler.HandleAsync(_session, message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            HubLog.RequestFailed(_logger, ex, message.GetType().Name, _session.Id);
            reply = new ErrorMessage { Id = message.Id, Code = ErrorCode.InternalError, Message = $"internal error: {ex.Message}" };
        }
        await SendAsync(reply, cancellationToken);
    }

    private async Task SubscribeAsync(SubscribeMessage subscribe, CancellationToken cancellationToken)
    {
        await StopSubscriptionAsync();
        if (subscribe.After < 0)
        {
            await SendAsync(new ErrorMessage { Id = subscribe.Id, Code = ErrorCode.BadRequest, Message = "after must not be negative" }, cancellationToken);
            return;
        }
        var last = await _handler.LastEventIdAsync(cancellationToken);
        // The reply is queued before the first event, so the client sees subscribed, then the replay.
        await SendAsync(new SubscribedMessage { Id = subscribe.Id, After = subscribe.After, LastEventId = last }, cancellationToken);
        _subscription = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _running.RemoveAll(t => t.IsCompleted);
        _running.Add(PushEventsAsync(subscribe.After, _subscription.Token));
    }

    private async Task StopSubscriptionAsync()
    {
        if (_subscription is { } old)
        {
            _subscription = null;
            await old.CancelAsync();
            old.Dispose();
        }
    }

    private async Task PushEventsAsync(long after, CancellationToken cancellationToken)
    {
        var cursor = after;
        using var listening = _pump.Subscribe();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var signal = _pump.NextSignal;
                var events = await _pump.ReadAsync(cursor, 256, cancellationToken);
                foreach (var e in events)
                {
                    await SendAsync(new EventMessage { Event = e }, cancellationToken);
                    cursor = e.Id;
                }
                if (events.Count == 0)
                {
                    await signal.WaitAsync(cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task SendAsync(ProtocolMessage message, CancellationToken cancellationToken)
    {
        if (_closing)
        {
            // The connection is closing; the reply has nowhere to go.
            return;
        }
        // Serialized before the gate: the gate covers only the socket write.
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, BatonJsonContext.Default.ProtocolMessage);
        try
        {
            if (!_sendGate.Wait(0, CancellationToken.None))
            {
                await _sendGate.WaitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        try
        {
            if (!_closing)
            {
                await SendWithDeadlineAsync(bytes, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // The socket went away; the receive loop sees it too and tears the connection down.
        }
        finally
        {
            _sendGate.Release();
        }
    }

    // Sends under the connection's send deadline. A send the deadline cancels aborts the socket (a WebSocket send
    // cannot be abandoned halfway), which ends the receive loop and with it the connection.
    private async Task SendWithDeadlineAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var deadline = _sendDeadline!; // set for the whole of RunAsync, before the first receive
        deadline.CancelAfter(_limits.SendTimeout);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, deadline.Token);
        }
        // The deadline's cancellation aborts the socket, and depending on where the write was the send ends in an
        // OperationCanceledException or in the abort's own exception: either way it was the deadline.
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException
            && deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            HubLog.SlowClient(_logger, _session.Id, _limits.SendTimeout);
            _socket.Abort();
            throw;
        }
        deadline.CancelAfter(Timeout.InfiniteTimeSpan);
    }

    private async Task CloseAsync()
    {
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                // No send may overlap the close frame.
                await _sendGate.WaitAsync(timeout.Token);
                try
                {
                    await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
                }
                finally
                {
                    _sendGate.Release();
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // Best effort: the peer may already be gone.
            }
        }
    }

    public void Dispose() => _sendGate.Dispose();
}

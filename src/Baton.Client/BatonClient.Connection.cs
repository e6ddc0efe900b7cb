using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Protocol;

namespace Baton.Client;

// The connection's life: open and hello, receive loop, drop, reconnect with backoff, resend.
public sealed partial class BatonClient
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Connects to the hub at <c>_servers[index]</c> and says hello; on success that hub is the current one.</summary>
    private async Task<Result<ClientWebSocket>> OpenAsync(int index, CancellationToken cancellationToken)
    {
        var server = _servers[index];
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        // A refused upgrade (a Host or Origin the hub does not accept) is then told by its status code.
        socket.Options.CollectHttpResponseDetails = true;
        using var timeout = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, _life.Token);
        try
        {
            await socket.ConnectAsync(SocketUri(server), linked.Token).ConfigureAwait(false);
            var hello = new HelloMessage
            {
                Id = Interlocked.Increment(ref _nextId),
                Protocol = ProtocolInfo.Version,
                Role = _options.Role,
                Session = _options.Session == BatonSessionKind.Ephemeral ? SessionKinds.Ephemeral : SessionKinds.Persistent,
                Worker = _options.Worker,
                Capacity = _options.Capacity,
                Labels = _options.Labels,
                Priority = _options.Priority,
                LastEventId = LastEventId > 0 ? LastEventId : null,
                // In hello rather than in the upgrade's Authorization header: a refusal then comes back as a
                // protocol error that says what is wrong with the token.
                Token = _options.Token,
            };
            await SendRawAsync(socket, hello, linked.Token).ConfigureAwait(false);
            var buffer = new ArrayBufferWriter<byte>(8192);
            while (true)
            {
                var (closed, reply) = await ReceiveOneAsync(socket, buffer, linked.Token).ConfigureAwait(false);
                if (closed)
                {
                    socket.Dispose();
                    return Result<ClientWebSocket>.Fail(ErrorCode.HubUnreachable, $"the hub at {server} closed the connection during hello");
                }
                if (reply?.Id != hello.Id)
                {
                    continue;
                }
                if (reply is WelcomeMessage welcome)
                {
                    Volatile.Write(ref _serverIndex, index);
                    Session = welcome.Session;
                    if (Interlocked.Read(ref _generation) == 0)
                    {
                        Interlocked.Exchange(ref _lastEventId, welcome.LastEventId);
                    }
                    return socket;
                }
                socket.Dispose();
                return reply is ErrorMessage error
                    ? Result<ClientWebSocket>.Fail(error.ToError())
                    : Result<ClientWebSocket>.Fail(ErrorCode.InternalError, "the hub answered hello with an unexpected message");
            }
        }
        catch (WebSocketException) when (socket.HttpStatusCode is System.Net.HttpStatusCode.Forbidden or System.Net.HttpStatusCode.Unauthorized)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            return status == System.Net.HttpStatusCode.Forbidden
                ? Result<ClientWebSocket>.Fail(ErrorCode.Forbidden,
                    $"the hub at {server} refused the connection (403): it does not answer to that host name or origin; use the address it listens on, or start it with --allowed-host")
                : Result<ClientWebSocket>.Fail(ErrorCode.Unauthorized, $"the hub at {server} refused the token (401)");
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested && !_life.IsCancellationRequested))
        {
            socket.Dispose();
            return Result<ClientWebSocket>.Fail(ErrorCode.HubUnreachable, $"cannot reach the hub at {server}: {ex.Message}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private void Adopt(ClientWebSocket socket)
    {
        lock (_gate)
        {
            _socket = socket;
            _generation++;
        }
    }

    private async Task SuperviseAsync(ClientWebSocket first)
    {
        var current = first;
        while (true)
        {
            await ReceiveLoopAsync(current).ConfigureAwait(false);
            long dropped;
            lock (_gate)
            {
                if (_socket == current)
                {
                    _socket = null;
                }
                dropped = _generation;
            }
            current.Dispose();
            FailPending(p => !p.Retryable && p.WasSentOn(dropped),
                "the connection was lost while the request was in flight; it may or may not have been applied");
            if (_life.IsCancellationRequested || Volatile.Read(ref _disposed) == 1)
            {
                return;
            }
            if (!_options.Reconnect)
            {
                SetState(BatonConnectionState.Closed);
                FailPending(_ => true, "the connection to the hub was lost");
                return;
            }
            SetState(BatonConnectionState.Reconnecting);
            var next = await ReconnectAsync().ConfigureAwait(false);
            if (next is null)
            {
                SetState(BatonConnectionState.Closed);
                FailPending(_ => true, "the connection to the hub was lost and could not be restored");
                return;
            }
            Adopt(next);
            SetState(BatonConnectionState.Connected);
            if (_hubSubscribed)
            {
                // Replays what was missed while away; duplicates are dropped by id.
                _ = RequestAsync(new SubscribeMessage { After = LastEventId }, retryable: true, null, _life.Token);
            }
            foreach (var pending in _pending.OrderBy(p => p.Key).Select(p => p.Value))
            {
                await TrySendAsync(pending).ConfigureAwait(false);
            }
            current = next;
        }
    }

    /// <summary>Reconnects with exponential backoff and jitter; null when the client is disposed or the hub
    /// refuses the hello (retrying would not change its mind).</summary>
    private async Task<ClientWebSocket?> ReconnectAsync()
    {
        var backoff = FirstBackoff;
        var index = Volatile.Read(ref _serverIndex);
        var attempts = 0;
        while (!_life.IsCancellationRequested)
        {
            // With other hubs on the store, the next one first (the one that dropped us may be gone), round the list.
            index = (index + 1) % _servers.Length;
            try
            {
#pragma warning disable CA5394 // Jitter only spreads reconnects; it needs no secure randomness.
                var jitter = TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * backoff.TotalMilliseconds / 2);
#pragma warning restore CA5394
                await Task.Delay(backoff + jitter, _time, _life.Token).ConfigureAwait(false);
                var opened = await OpenAsync(index, _life.Token).ConfigureAwait(false);
                if (opened.IsOk)
                {
                    return opened.Value;
                }
                if (opened.Error.Code != ErrorCode.HubUnreachable)
                {
                    return null;
                }
            }
            catch (OperationCanceledException) when (_life.IsCancellationRequested)
            {
                return null;
            }
            // The backoff grows once every hub has been tried.
            if (++attempts % _servers.Length == 0)
            {
                backoff = backoff * 2 < MaxBackoff ? backoff * 2 : MaxBackoff;
            }
        }
        return null;
    }

    private async Task ReceiveLoopAsync(ClientWebSocket socket)
    {
        var buffer = new ArrayBufferWriter<byte>(8192);
        try
        {
            while (true)
            {
                var (closed, message) = await ReceiveOneAsync(socket, buffer, _life.Token).ConfigureAwait(false);
                if (closed)
                {
                    return;
                }
                if (message is not null)
                {
                    await DispatchAsync(message).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The connection is gone; the supervisor decides what happens next.
        }
    }

    private async Task DispatchAsync(ProtocolMessage message)
    {
        if (message is EventMessage pushed)
        {
            await OnEventAsync(pushed.Event).ConfigureAwait(false);
            return;
        }
        if (message.Id is { } id && _pending.TryRemove(id, out var pending))
        {
            pending.Complete(message);
            return;
        }
        if (message is TaskAssignedMessage orphan)
        {
            // A claim whose caller gave up got a task after all: hand it back so nobody waits for its lease.
            _ = ReleaseAsync(new Core.Api.ReleaseRequest
            {
                TaskId = orphan.Assignment.Task.Id,
                Worker = orphan.Assignment.Lease.Worker,
                Reason = "the claim was abandoned before the task arrived",
            }, _life.Token);
        }
    }

    private async Task OnEventAsync(BatonEvent e)
    {
        Action<BatonEvent>? handler;
        System.Threading.Channels.Channel<BatonEvent>[] subscribers;
        lock (_gate)
        {
            if (e.Id <= _lastEventId)
            {
                return;
            }
            _lastEventId = e.Id;
            handler = _eventReceived;
            subscribers = [.. _subscribers];
        }
        try
        {
            handler?.Invoke(e);
        }
        catch (Exception)
        {
            // A handler's bug must not take the connection down; the handler owns its errors.
        }
        foreach (var subscriber in subscribers)
        {
            try
            {
                await subscriber.Writer.WriteAsync(e, _life.Token).ConfigureAwait(false);
            }
            catch (System.Threading.Channels.ChannelClosedException)
            {
                // That subscriber has finished.
            }
        }
    }

    private async Task<bool> EnsureHubSubscriptionAsync(long after, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_hubSubscribed)
            {
                return false;
            }
            _hubSubscribed = true;
            _lastEventId = after;
        }
        var subscribed = await RequestAsync(new SubscribeMessage { After = after }, retryable: true, null, cancellationToken).ConfigureAwait(false);
        if (!subscribed.IsOk)
        {
            lock (_gate)
            {
                _hubSubscribed = false;
            }
            return false;
        }
        return true;
    }

    private async Task TrySendAsync(PendingRequest pending)
    {
        ClientWebSocket? socket;
        long generation;
        lock (_gate)
        {
            socket = _socket;
            generation = _generation;
        }
        if (socket is null || !pending.TryMarkSent(generation))
        {
            return;
        }
        try
        {
            await _sendGate.WaitAsync(_life.Token).ConfigureAwait(false);
            try
            {
                await SendRawAsync(socket, pending.Message, _life.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendGate.Release();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            // The connection dropped under the send (a socket aborted mid-send reports a broken pipe as a
            // cancellation, though no token of ours fired), or the client is closing; the supervisor resends
            // or fails the request.
        }
    }

    private void FailPending(Func<PendingRequest, bool> which, string message)
    {
        foreach (var (id, pending) in _pending)
        {
            if (which(pending) && _pending.TryRemove(id, out _))
            {
                pending.Complete(new ErrorMessage { Id = id, Code = ErrorCode.HubUnreachable, Message = message });
            }
        }
    }

    private static async Task SendRawAsync(ClientWebSocket socket, ProtocolMessage message, CancellationToken cancellationToken)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(message, BatonJsonContext.Default.ProtocolMessage);
        await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<(bool Closed, ProtocolMessage? Message)> ReceiveOneAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken cancellationToken)
    {
        buffer.ResetWrittenCount();
        ValueWebSocketReceiveResult received;
        do
        {
            received = await socket.ReceiveAsync(buffer.GetMemory(8192), cancellationToken).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return (true, null);
            }
            buffer.Advance(received.Count);
        }
        while (!received.EndOfMessage);
        try
        {
            return (false, ProtocolFrame.Read(buffer.WrittenSpan));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            // A message this client does not know (a newer hub), or an object without a "type": skip it.
            return (false, null);
        }
    }

    /// <summary>The close handshake: send a close frame, then let the receive loop read the hub's answer (which
    /// ends the supervisor). Bounded by <see cref="CloseTimeout"/>; a hub that does not answer is cut off.</summary>
    private async Task CloseGracefullyAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(CloseTimeout, _time);
        try
        {
            await _sendGate.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                if (socket.State == WebSocketState.Open)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token).ConfigureAwait(false);
                }
            }
            finally
            {
                _sendGate.Release();
            }
            await _supervisor.WaitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Best effort: the hub may already be gone; the caller aborts the socket.
        }
    }
}

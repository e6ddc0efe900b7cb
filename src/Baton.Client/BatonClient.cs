using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Client;

/// <summary>
/// A connection to a Baton hub that implements <see cref="IBatonApi"/> over the WebSocket protocol
/// (docs/protocol.md). It reconnects with backoff when the connection drops, says hello again as the same
/// worker (the hub keeps its leases for the grace period), resubscribes from the last event it saw, and
/// retries requests that are safe to repeat. Reports carry an idempotency key, so a retried report is
/// applied once. Thread-safe.
/// </summary>
public sealed partial class BatonClient : IBatonApi
{
    private readonly BatonClientOptions _options;
    private readonly TimeProvider _time;
    private readonly Uri[] _servers;
    private int _serverIndex;
    private readonly ConcurrentDictionary<long, PendingRequest> _pending = new();
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly CancellationTokenSource _life = new();
    private readonly Lock _gate = new();
    private readonly List<Channel<BatonEvent>> _subscribers = [];
    private ClientWebSocket? _socket;
    private long _generation;
    private long _nextId;
    private long _lastEventId;
    private bool _hubSubscribed;
    private Task _supervisor = Task.CompletedTask;
    private Action<BatonEvent>? _eventReceived;
    private int _disposed;

    private BatonClient(BatonClientOptions options)
    {
        // Given none, the client finds its token as the CLI does (BATON_TOKEN, then the repository's own).
        _options = options.Token is null ? options.WithToken(BatonTokens.Find()) : options;
        _time = options.Time ?? TimeProvider.System;
        _servers = [options.Server, .. options.FallbackServers];
    }

    /// <summary>Raised for every event the hub pushes, in id order, on the client's receive loop (keep handlers
    /// short). Adding the first handler starts the event subscription from the newest event at that moment;
    /// use <see cref="SubscribeAsync"/> to replay from an earlier id.</summary>
    public event Action<BatonEvent>? EventReceived
    {
        add
        {
            lock (_gate)
            {
                _eventReceived += value;
            }
            _ = EnsureHubSubscriptionAsync(Interlocked.Read(ref _lastEventId), _life.Token);
        }
        remove
        {
            lock (_gate)
            {
                _eventReceived -= value;
            }
        }
    }

    /// <summary>Raised when a claim made through this client gets a task.</summary>
    public event Action<Assignment>? TaskAssigned;

    /// <summary>Raised when the connection drops, comes back, or closes for good.</summary>
    public event Action<BatonConnectionState>? ConnectionStateChanged;

    /// <summary>The connection's current state.</summary>
    public BatonConnectionState State { get; private set; } = BatonConnectionState.Connected;

    /// <summary>The hub's session id for the current connection.</summary>
    public string Session { get; private set; } = "";

    /// <summary>The hub this client is connected to (or was last): <see cref="BatonClientOptions.Server"/> or one of
    /// its <see cref="BatonClientOptions.FallbackServers"/>.</summary>
    public Uri CurrentServer => _servers[Volatile.Read(ref _serverIndex)];

    /// <summary>The worker this client speaks as, if any.</summary>
    public WorkerId? Worker => _options.Worker;

    /// <summary>The newest event id this client has seen (from welcome or a pushed event).</summary>
    public long LastEventId => Interlocked.Read(ref _lastEventId);

    /// <summary>Connects to the hub and says hello. Fails with <see cref="ErrorCode.HubUnreachable"/> when the
    /// hub cannot be reached, or with the hub's error when it refuses the hello (e.g. a worker role without a name).</summary>
    public static async Task<Result<BatonClient>> ConnectAsync(BatonClientOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Server);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.RequestTimeout, TimeSpan.Zero);
        var client = new BatonClient(options);
        // The first hub that answers; one that refuses (a token, a role) is an answer too, and ends the search.
        var opened = await client.OpenAsync(0, cancellationToken).ConfigureAwait(false);
        var unreachable = new List<string>();
        for (var next = 1; !opened.IsOk && opened.Error.Code == ErrorCode.HubUnreachable && next < client._servers.Length; next++)
        {
            unreachable.Add(opened.Error.Message);
            opened = await client.OpenAsync(next, cancellationToken).ConfigureAwait(false);
        }
        if (!opened.IsOk)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            return unreachable.Count > 0 && opened.Error.Code == ErrorCode.HubUnreachable
                ? Result<BatonClient>.Fail(ErrorCode.HubUnreachable, "no hub answered: " + string.Join("; ", unreachable.Append(opened.Error.Message)))
                : Result<BatonClient>.Fail(opened.Error);
        }
        client.Adopt(opened.Value);
        client._supervisor = client.SuperviseAsync(opened.Value);
        if (client.AutoHeartbeatEnabled)
        {
            client._heartbeats = client.HeartbeatLoopAsync();
        }
        return client;
    }

    /// <summary>Events after <paramref name="afterId"/>: first the stored ones (replayed from the hub), then live
    /// ones as they happen, in id order without gaps or duplicates, across reconnects. Ends when
    /// <paramref name="cancellationToken"/> fires or the client is disposed.</summary>
    public async IAsyncEnumerable<BatonEvent> SubscribeAsync(long afterId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateBounded<BatonEvent>(new BoundedChannelOptions(10_000)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        lock (_gate)
        {
            _subscribers.Add(channel);
        }
        try
        {
            var cursor = afterId;
            if (!await EnsureHubSubscriptionAsync(afterId, cancellationToken).ConfigureAwait(false))
            {
                // The hub subscription was already running from a later id: read the gap from the store first.
                await foreach (var e in ReadBacklogAsync(afterId, cancellationToken).ConfigureAwait(false))
                {
                    cursor = e.Id;
                    yield return e;
                }
            }
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (e.Id > cursor)
                {
                    cursor = e.Id;
                    yield return e;
                }
            }
        }
        finally
        {
            lock (_gate)
            {
                _subscribers.Remove(channel);
            }
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        ClientWebSocket? socket;
        lock (_gate)
        {
            socket = _socket;
            _socket = null;
        }
        if (socket is not null)
        {
            // Close before cancelling: cancelling a pending receive aborts the socket, and the hub would see a
            // connection reset instead of a close.
            await CloseGracefullyAsync(socket).ConfigureAwait(false);
        }
        await _life.CancelAsync().ConfigureAwait(false);
        socket?.Abort();
        try
        {
            await _supervisor.ConfigureAwait(false);
            await _heartbeats.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Disposal cancels the supervisor; that is the expected way for it to end.
        }
        FailPending(_ => true, "the client was disposed");
        SetState(BatonConnectionState.Closed);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
        _life.Dispose();
        _sendGate.Dispose();
        _leasesChanged.Dispose();
    }

    /// <summary>Drops the connection as a network failure would (tests use it to exercise reconnects).</summary>
    internal void DropConnection()
    {
        lock (_gate)
        {
            _socket?.Abort();
        }
    }

    private static Uri SocketUri(Uri server)
    {
        var builder = new UriBuilder(server)
        {
            Scheme = server.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = server.AbsolutePath.TrimEnd('/') + ProtocolInfo.WebSocketPath,
        };
        return builder.Uri;
    }

    private void SetState(BatonConnectionState state)
    {
        if (State == state)
        {
            return;
        }
        State = state;
        ConnectionStateChanged?.Invoke(state);
    }
}

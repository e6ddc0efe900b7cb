using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Baton.Hub.Mcp;

/// <summary>
/// The tool calls in flight on the stateless HTTP endpoint, so a <c>notifications/cancelled</c> can stop one.
/// Statelessly, the cancel arrives in a POST of its own, served by a server instance that never saw the request,
/// and the client that sent it (the TypeScript SDK after its request timeout) keeps the first POST open: without
/// this the waiting claim would go on and lease a task to a client that no longer listens. A call is known by the
/// token that made it and its JSON-RPC id, so one token's cancel never stops another token's call.
/// </summary>
internal sealed class PendingCalls
{
    private readonly ConcurrentDictionary<(string Token, string RequestId), CancellationTokenSource> _calls = new();

    /// <summary>Registers a call; the returned source is cancelled by <see cref="Cancel"/> or with
    /// <paramref name="cancellationToken"/>. Dispose it when the call ends.</summary>
    public Pending Begin(string token, string requestId, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var key = (token, requestId);
        // A client that reuses an id while its first call still runs: the later call is the one it can cancel.
        _calls[key] = source;
        return new Pending(this, key, source);
    }

    /// <summary>Cancels the call <paramref name="requestId"/> made with <paramref name="token"/>; false when none runs.</summary>
    public bool Cancel(string token, string requestId)
    {
        if (!_calls.TryGetValue((token, requestId), out var source))
        {
            return false;
        }
        try
        {
            source.Cancel();
            return true;
        }
        catch (ObjectDisposedException)
        {
            // The call ended between the look-up and the cancel: there is nothing left to stop.
            return false;
        }
    }

    /// <summary>The request id a <c>notifications/cancelled</c> names, as <see cref="ModelContextProtocol.Protocol.RequestId.ToString"/>
    /// writes it (a string id bare, a number in digits); null when it names none.</summary>
    public static string? RequestIdOf(JsonNode? parameters)
        => parameters?["requestId"] switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value => value.ToJsonString(),
            _ => null,
        };

    internal sealed class Pending(PendingCalls calls, (string Token, string RequestId) key, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose()
        {
            calls._calls.TryRemove(new KeyValuePair<(string, string), CancellationTokenSource>(key, source));
            source.Dispose();
        }
    }
}

using Baton.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Baton.Hub;

/// <summary>A started hub. Dispose it (or call <see cref="StopAsync"/>) to stop it and close its store.</summary>
public sealed class RunningHub : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<ValueTask> _closeStore;
    private readonly Lazy<Task> _stop;

    internal RunningHub(WebApplication app, Uri url, IReadOnlyList<Uri> addresses, HubId id, Func<ValueTask> closeStore)
    {
        _app = app;
        Url = url;
        Id = id;
        Addresses = addresses;
        _closeStore = closeStore;
        _stop = new Lazy<Task>(StopCoreAsync);
        Completion = app.WaitForShutdownAsync();
    }

    /// <summary>The bound HTTP address (the real port when the options asked for port 0). The WebSocket
    /// endpoint is at <c>/ws</c> on the same host and port.</summary>
    public Uri Url { get; }

    /// <summary>Every address Kestrel really bound, as it reports them (e.g. <c>http://0.0.0.0:7411</c> or
    /// <c>http://[::]:7411</c> for a wildcard), where <see cref="Url"/> is how this machine reaches the hub.</summary>
    public IReadOnlyList<Uri> Addresses { get; }

    /// <summary>This hub's id, random at each start: what the store records for the workers connected through it (on
    /// PostgreSQL, where several hubs serve one store), and what its log names.</summary>
    public HubId Id { get; }

    /// <summary>The hub's services (for tests that look at how the host is set up).</summary>
    internal IServiceProvider Services => _app.Services;

    /// <summary>Completes when the hub has stopped (on <see cref="StopAsync"/> or host shutdown).</summary>
    public Task Completion { get; }

    /// <summary>Stops accepting connections, closes the open ones and the store. Safe to call more than once.</summary>
    public Task StopAsync() => _stop.Value;

    /// <inheritdoc/>
    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task StopCoreAsync()
    {
        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            await _closeStore();
        }
    }
}

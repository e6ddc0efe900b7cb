using Baton.Core.Api;

namespace Baton.Cli.Infrastructure;

/// <summary>An open <see cref="IBatonApi"/> plus what must be closed after it (the local store).</summary>
internal sealed class BatonSession(IBatonApi api, string mode, string location, IAsyncDisposable? owned = null) : IAsyncDisposable
{
    public IBatonApi Api { get; } = api;

    /// <summary><c>local</c> or <c>hub</c>.</summary>
    public string Mode { get; } = mode;

    /// <summary>The store file or hub URL.</summary>
    public string Location { get; } = location;

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        if (owned is not null)
        {
            await owned.DisposeAsync();
        }
    }
}

using Baton.Storage.Sqlite;

namespace Baton.Hub;

/// <summary>Thrown by <see cref="BatonHub.StartAsync"/> when another hub already serves the SQLite store: one hub
/// per store (see <see cref="HubLockFile"/>). Nothing was opened or changed.</summary>
public sealed class HubAlreadyRunningException : HubStartException
{
    public HubAlreadyRunningException(HubLockRecord running)
        : base(MessageFor(running))
    {
        Running = running;
    }

    /// <summary>The hub that holds the store, as its record says (its URL is null while it starts).</summary>
    public HubLockRecord Running { get; }

    private static string MessageFor(HubLockRecord running)
        => running.Url is { } url
            ? $"a hub already serves this store {running.Describe()}; stop it first or use --server {url.ToString().TrimEnd('/')}"
            : $"a hub already serves this store {running.Describe()}; stop it first, or wait for it and use --server with its URL";
}

using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Hub.Access;

/// <summary>The key and token list of a hub on a SQLite store: <c>hub.key</c> and <c>tokens.json</c> in a folder
/// (the repository's <c>.baton/</c>), owner-only (<see cref="AccessKey"/>, <see cref="TokenRegistry"/>).</summary>
public sealed class FileAccessStore : IAccessStore
{
    private readonly string _directory;
    private readonly TokenRegistry _registry;

    /// <summary>The files in <paramref name="directory"/>.</summary>
    public FileAccessStore(string directory, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        _directory = directory;
        _registry = new TokenRegistry(directory, time);
    }

    /// <inheritdoc/>
    public string KeyLocation => AccessKey.PathIn(_directory);

    /// <inheritdoc/>
    public Task<byte[]?> TryLoadKeyAsync(CancellationToken cancellationToken) => Task.FromResult(AccessKey.TryLoad(_directory));

    /// <inheritdoc/>
    public Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken) => Task.FromResult(AccessKey.LoadOrCreate(_directory));

    /// <inheritdoc/>
    public Task<byte[]> RotateKeyAsync(CancellationToken cancellationToken) => Task.FromResult(AccessKey.Rotate(_directory));

    /// <inheritdoc/>
    public Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken cancellationToken) => Task.FromResult(_registry.List());

    /// <inheritdoc/>
    public Task<Result<(TokenRecord Record, string Token)>> CreateAsync(HubRole role, WorkerId? worker, TimeSpan? expiresIn, string? label, CancellationToken cancellationToken)
        => Task.FromResult(_registry.Create(AccessKey.LoadOrCreate(_directory), role, worker, expiresIn, label));

    /// <inheritdoc/>
    public Task<Result<TokenRecord>> RevokeAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_registry.Revoke(id));

    /// <inheritdoc/>
    public Task<Result<int>> ForgetAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken) => Task.FromResult(_registry.Forget(ids));

    /// <inheritdoc/>
    public Task<Result<int>> PruneAsync(CancellationToken cancellationToken) => Task.FromResult(_registry.Prune());

    /// <inheritdoc/>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <inheritdoc/>
    public override string ToString() => KeyLocation;
}

using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Hub.Access;

/// <summary>
/// Where a hub's key and token list live: files beside a SQLite store (<c>.baton/hub.key</c>,
/// <c>.baton/tokens.json</c>; <see cref="FileAccessStore"/>), or the <c>access</c> table of a PostgreSQL store, shared
/// by every hub on it (<see cref="DatabaseAccessStore"/>). <c>baton token</c>, <c>baton run</c> and the CLI's own token
/// go through it; <see cref="AccessStores.For"/> picks the home of a store.
/// </summary>
public interface IAccessStore : IAsyncDisposable
{
    /// <summary>Where the key is, for messages: the key file, or the database (without its password).</summary>
    string KeyLocation { get; }

    /// <summary>The key; null when none was made yet.</summary>
    /// <exception cref="InvalidDataException">What is stored is not a key (the message names where).</exception>
    Task<byte[]?> TryLoadKeyAsync(CancellationToken cancellationToken);

    /// <summary>The key, made now when there is none (made once, however many make it at the same moment).</summary>
    Task<byte[]> LoadOrCreateKeyAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the key with a new random one: every token made so far, the repository's own included, stops
    /// working. Running hubs see the new key within a second or two.</summary>
    Task<byte[]> RotateKeyAsync(CancellationToken cancellationToken);

    /// <summary>Every token made, revoked and expired ones included, oldest first.</summary>
    Task<IReadOnlyList<TokenRecord>> ListAsync(CancellationToken cancellationToken);

    /// <summary>Makes a token under the key (made when there is none) and returns it with its record; the token itself
    /// is not kept.</summary>
    Task<Result<(TokenRecord Record, string Token)>> CreateAsync(HubRole role, WorkerId? worker, TimeSpan? expiresIn, string? label, CancellationToken cancellationToken);

    /// <summary>Revokes a token: every hub refuses it from its next request on (a database-kept list: within a second
    /// or two).</summary>
    Task<Result<TokenRecord>> RevokeAsync(string id, CancellationToken cancellationToken);

    /// <summary>Removes these tokens from the list; how many were there.</summary>
    Task<Result<int>> ForgetAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>Drops revoked and expired tokens; how many.</summary>
    Task<Result<int>> PruneAsync(CancellationToken cancellationToken);
}

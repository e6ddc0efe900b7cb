using System.CommandLine;
using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Stores;
using Baton.Service;
using Baton.Storage;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Infrastructure;

/// <summary>
/// The one place that picks the mode: <c>--server</c>/<c>BATON_SERVER</c> goes through the hub
/// (<see cref="BatonClient"/>), otherwise the store is opened in this process (<see cref="LocalBaton"/>).
/// Every verb then talks only to <see cref="Core.Api.IBatonApi"/>, so both modes behave alike.
/// </summary>
internal static class Connector
{
    /// <summary>How long the CLI waits for a PostgreSQL store to read the hub key from (<see cref="ResolveTokenAsync"/>).</summary>
    private static readonly TimeSpan DatabaseKeyPatience = TimeSpan.FromSeconds(3);

    /// <summary>Opens the mode the arguments name for a one-shot verb (an ephemeral session in hub mode: the hub
    /// leaves the worker's leases to their expiry); <paramref name="hello"/> carries capacity, labels and priority.
    /// <paramref name="waits"/>: see <see cref="OpenLocalAsync(string?, string, bool, CancellationToken)"/>.</summary>
    public static Task<Result<BatonSession>> OpenAsync(ParseResult parseResult, string role, WorkerId? worker, WorkerHello? hello, bool waits, CancellationToken cancellationToken)
        => OpenAsync(parseResult, role, worker, hello, BatonSessionKind.Ephemeral, waits, cancellationToken);

    /// <summary>Opens the mode the arguments name; <paramref name="session"/> matters in hub mode only,
    /// <paramref name="waits"/> in local mode only (see <see cref="OpenLocalAsync(string?, string, bool, CancellationToken)"/>).</summary>
    public static async Task<Result<BatonSession>> OpenAsync(ParseResult parseResult, string role, WorkerId? worker, WorkerHello? hello, BatonSessionKind session, bool waits, CancellationToken cancellationToken)
    {
        var server = CommonOptions.ResolveServer(parseResult);
        if (server is null)
        {
            return await OpenLocalAsync(parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory, waits, cancellationToken);
        }
        var token = await ResolveTokenAsync(parseResult.GetValue(CommonOptions.Token), parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory, cancellationToken);
        return await OpenHubAsync(server, role, worker, hello, session, cancellationToken, token);
    }

    /// <summary>Connects to a hub for a one-shot verb (ephemeral session).</summary>
    public static Task<Result<BatonSession>> OpenHubAsync(string server, string role, WorkerId? worker, WorkerHello? hello, CancellationToken cancellationToken)
        => OpenHubAsync(server, role, worker, hello, BatonSessionKind.Ephemeral, cancellationToken);

    /// <summary>Connects to a hub; <paramref name="token"/> null finds the token as <see cref="ResolveTokenAsync"/> does from this directory.</summary>
    public static async Task<Result<BatonSession>> OpenHubAsync(string server, string role, WorkerId? worker, WorkerHello? hello, BatonSessionKind session,
        CancellationToken cancellationToken, string? token = null)
    {
        var uris = new List<Uri>();
        foreach (var entry in CommonOptions.ServerList(server))
        {
            if (!Uri.TryCreate(entry, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
            {
                return Result<BatonSession>.Fail(ErrorCode.BadRequest, $"--server: '{entry}' is not an http or https URL (e.g. http://127.0.0.1:7411)");
            }
            uris.Add(parsed);
        }
        if (uris.Count == 0)
        {
            return Result<BatonSession>.Fail(ErrorCode.BadRequest, $"--server: '{server}' names no hub (e.g. http://127.0.0.1:7411)");
        }
        var uri = uris[0];
        var options = new BatonClientOptions
        {
            Server = uri,
            FallbackServers = uris.Skip(1).ToList(),
            Role = role,
            Worker = worker,
            Capacity = hello?.Capacity,
            Labels = hello?.Labels,
            Priority = hello?.Priority,
            Session = session,
            RequestTimeout = TimeSpan.FromSeconds(30),
            Token = token ?? await ResolveTokenAsync(null, null, Environment.CurrentDirectory, cancellationToken),
        };
        var connected = await BatonClient.ConnectAsync(options, cancellationToken);
        return connected.IsOk
            ? new BatonSession(connected.Value, "hub", connected.Value.CurrentServer.ToString())
            : Result<BatonSession>.Fail(connected.Error);
    }

    /// <summary>The hub token: <c>--token</c>, then <c>BATON_TOKEN</c>, then the repository's own coordinator token,
    /// derived from the hub key of the store (found as local mode finds it: <c>--store</c>, <c>BATON_STORE</c>, or
    /// <c>.baton/</c> here or in a parent): <c>.baton/hub.key</c> beside a SQLite store, or the key in a PostgreSQL
    /// store's <c>access</c> table when this machine can reach the database. Null when there is none: the hub then says
    /// how to get one.</summary>
    public static async Task<string?> ResolveTokenAsync(string? tokenOption, string? storeOption, string startDirectory, CancellationToken cancellationToken)
    {
        var token = string.IsNullOrWhiteSpace(tokenOption) ? Environment.GetEnvironmentVariable(BatonTokens.EnvironmentVariable) : tokenOption;
        if (!string.IsNullOrWhiteSpace(token))
        {
            return token.Trim();
        }
        var store = StoreLocator.Resolve(storeOption, startDirectory);
        if (!store.IsOk)
        {
            return null;
        }
        if (store.Value.FilePath is { } file)
        {
            return Path.GetDirectoryName(file) is { } directory ? BatonTokens.FromKeyFile(Path.Combine(directory, AccessKey.FileName)) : null;
        }
        // A machine that cannot reach the database (a worker's laptop given BATON_SERVER) should not wait long for it.
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(DatabaseKeyPatience);
        try
        {
            await using var access = AccessStores.For(store.Value, TimeProvider.System);
            return await access.TryLoadKeyAsync(patience.Token) is { } key ? HubToken.Local(key) : null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The database cannot be reached from here (or holds no key yet): as a machine without the key file.
            return null;
        }
    }

    /// <summary>Opens the store in this process. <paramref name="waits"/>: the caller may block until something
    /// changes (<c>claim --wait</c>, <c>status --watch</c>, <c>events --follow</c>, <c>wait</c>, MCP), so the store
    /// watches its file for other processes' commits (inotify and a thread). A one-shot call that never waits
    /// skips that set-up: it is most of what agents run, and its start-up is the figure that counts.</summary>
    public static async Task<Result<BatonSession>> OpenLocalAsync(string? storeOption, string startDirectory, bool waits, CancellationToken cancellationToken)
    {
        var target = StoreLocator.Resolve(storeOption, startDirectory);
        return target.IsOk ? await OpenLocalAsync(target.Value, waits, cancellationToken) : Result<BatonSession>.Fail(target.Error);
    }

    /// <summary>Opens <paramref name="target"/> in this process (see the overload above for <paramref name="waits"/>).</summary>
    public static async Task<Result<BatonSession>> OpenLocalAsync(StoreTarget target, bool waits, CancellationToken cancellationToken)
    {
        var store = await OpenStoreAsync(target, new StoreOpenOptions { WatchForChanges = waits }, cancellationToken);
        if (!store.IsOk)
        {
            return Result<BatonSession>.Fail(store.Error);
        }
        var api = new LocalBaton(store.Value, TimeProvider.System);
        return new BatonSession(api, "local", target.Display, store.Value);
    }

    /// <summary>Opens a store, its failures as values: a store of a newer baton (exit 1), a database that does not
    /// exist (2), does not answer (6), refuses the login (8) or holds no Baton store (5); each names the store.</summary>
    public static async Task<Result<IBatonStore>> OpenStoreAsync(StoreTarget target, StoreOpenOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return Result<IBatonStore>.Ok(await StoreOpener.OpenAsync(target, options, cancellationToken));
        }
        catch (StoreVersionException ex)
        {
            // A newer baton's store: a broken environment for this build (exit 1), named, and left as it was.
            return Result<IBatonStore>.Fail(ErrorCode.InternalError, ex.Message);
        }
        catch (StoreOpenException ex)
        {
            return Result<IBatonStore>.Fail(ex.Code, ex.Message);
        }
    }
}

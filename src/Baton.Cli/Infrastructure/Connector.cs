using System.CommandLine;
using Baton.Client;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Infrastructure;

/// <summary>
/// The one place that picks the mode: <c>--server</c>/<c>BATON_SERVER</c> goes through the hub
/// (<see cref="BatonClient"/>), otherwise the store is opened in this process (<see cref="LocalBaton"/>).
/// Every verb then talks only to <see cref="Core.Api.IBatonApi"/>, so both modes behave alike.
/// </summary>
internal static class Connector
{
    /// <summary>Opens the mode the arguments name for a one-shot verb (an ephemeral session in hub mode: the hub
    /// leaves the worker's leases to their expiry); <paramref name="hello"/> carries capacity, labels and priority.
    /// <paramref name="waits"/>: see <see cref="OpenLocalAsync"/>.</summary>
    public static Task<Result<BatonSession>> OpenAsync(ParseResult parseResult, string role, WorkerId? worker, WorkerHello? hello, bool waits, CancellationToken cancellationToken)
        => OpenAsync(parseResult, role, worker, hello, BatonSessionKind.Ephemeral, waits, cancellationToken);

    /// <summary>Opens the mode the arguments name; <paramref name="session"/> matters in hub mode only,
    /// <paramref name="waits"/> in local mode only (see <see cref="OpenLocalAsync"/>).</summary>
    public static Task<Result<BatonSession>> OpenAsync(ParseResult parseResult, string role, WorkerId? worker, WorkerHello? hello, BatonSessionKind session, bool waits, CancellationToken cancellationToken)
    {
        var server = CommonOptions.ResolveServer(parseResult);
        return server is not null
            ? OpenHubAsync(server, role, worker, hello, session, cancellationToken,
                ResolveToken(parseResult.GetValue(CommonOptions.Token), parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory))
            : OpenLocalAsync(parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory, waits, cancellationToken);
    }

    /// <summary>Connects to a hub for a one-shot verb (ephemeral session).</summary>
    public static Task<Result<BatonSession>> OpenHubAsync(string server, string role, WorkerId? worker, WorkerHello? hello, CancellationToken cancellationToken)
        => OpenHubAsync(server, role, worker, hello, BatonSessionKind.Ephemeral, cancellationToken);

    /// <summary>Connects to a hub; <paramref name="token"/> null finds the token as <see cref="ResolveToken"/> does from this directory.</summary>
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
            Token = token ?? ResolveToken(null, null, Environment.CurrentDirectory),
        };
        var connected = await BatonClient.ConnectAsync(options, cancellationToken);
        return connected.IsOk
            ? new BatonSession(connected.Value, "hub", connected.Value.CurrentServer.ToString())
            : Result<BatonSession>.Fail(connected.Error);
    }

    /// <summary>The hub token: <c>--token</c>, then <c>BATON_TOKEN</c>, then the repository's own coordinator token,
    /// derived from <c>.baton/hub.key</c> beside the store (found as local mode finds it: <c>--store</c>,
    /// <c>BATON_STORE</c>, or <c>.baton/</c> here or in a parent). Null when there is none: the hub then says how to
    /// get one.</summary>
    public static string? ResolveToken(string? tokenOption, string? storeOption, string startDirectory)
    {
        var token = string.IsNullOrWhiteSpace(tokenOption) ? Environment.GetEnvironmentVariable(BatonTokens.EnvironmentVariable) : tokenOption;
        if (!string.IsNullOrWhiteSpace(token))
        {
            return token.Trim();
        }
        var store = StoreLocator.Resolve(storeOption, startDirectory);
        return store.IsOk && Path.GetDirectoryName(store.Value) is { } directory
            ? BatonTokens.FromKeyFile(Path.Combine(directory, AccessKey.FileName))
            : null;
    }

    /// <summary>Opens the store in this process. <paramref name="waits"/>: the caller may block until something
    /// changes (<c>claim --wait</c>, <c>status --watch</c>, <c>events --follow</c>, <c>wait</c>, MCP), so the store
    /// watches its file for other processes' commits (inotify and a thread). A one-shot call that never waits
    /// skips that set-up: it is most of what agents run, and its start-up is the figure that counts.</summary>
    public static async Task<Result<BatonSession>> OpenLocalAsync(string? storeOption, string startDirectory, bool waits, CancellationToken cancellationToken)
    {
        var path = StoreLocator.Resolve(storeOption, startDirectory);
        if (!path.IsOk)
        {
            return Result<BatonSession>.Fail(path.Error);
        }
        SqliteStore store;
        try
        {
            store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = path.Value, WatchForChanges = waits }, cancellationToken);
        }
        catch (StoreVersionException ex)
        {
            // A newer baton's store: a broken environment for this build (exit 1), named, and left as it was.
            return Result<BatonSession>.Fail(ErrorCode.InternalError, ex.Message);
        }
        var api = new LocalBaton(store, TimeProvider.System);
        return new BatonSession(api, "local", path.Value, store);
    }
}

using System.Globalization;
using Baton.Client;
using Baton.Compare.Servers;
using Baton.Core.Access;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Storage.Postgres;

namespace Baton.Compare.Workloads;

/// <summary>
/// Several <c>baton serve</c> processes on one PostgreSQL database (a fresh one per set), each on its own loopback port,
/// and the clients that reach them: a client is given its home hub first and every other hub as a fallback, as
/// <c>--server A,B,C</c> does.
/// </summary>
internal sealed class PgHubs : IAsyncDisposable
{
    private readonly List<ServerProcess?> _processes;

    private PgHubs(List<ServerProcess?> processes, IReadOnlyList<Uri> urls, string token, string store, string database)
    {
        Database = database;
        _processes = processes;
        Urls = urls;
        Token = token;
        Store = store;
    }

    public IReadOnlyList<Uri> Urls { get; }

    /// <summary>A coordinator token every hub takes (the hub key and tokens are in the database).</summary>
    public string Token { get; }

    /// <summary>The database's name on the cluster.</summary>
    public string Database { get; }

    /// <summary>The database's <c>postgres://</c> URL.</summary>
    public string Store { get; }

    /// <summary>Makes a database on <paramref name="cluster"/> and starts <paramref name="hubs"/> hubs on it, one after
    /// another, each listening before the next starts.</summary>
    public static async Task<PgHubs> StartAsync(BatonServe serve, PostgresCluster cluster, int hubs, TimeSpan grace, string folder,
        CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hubs, 1);
        var database = await cluster.CreateDatabaseAsync("baton", cancellationToken);
        var store = cluster.UrlFor(database);
        // What `baton init --store URL` would do first: make the tables (`baton serve` opens an existing store only).
        await using (await PostgresStore.OpenAsync(new PostgresStoreOptions { Location = PostgresLocation.Parse(store), CreateIfMissing = true, RepositoryRoot = folder },
            cancellationToken))
        {
        }
        var processes = new List<ServerProcess?>();
        var urls = new List<Uri>();
        try
        {
            for (var i = 0; i < hubs; i++)
            {
                var port = FreePort.Next();
                processes.Add(await serve.StartAsync(store, port, folder, cancellationToken,
                    ["--disconnect-grace", grace.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s"]));
                urls.Add(new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
            }
            // The hub key is in the database, shared by every hub on it (the first hub made it).
            await using var access = new DatabaseAccessStore(PostgresLocation.Parse(store), TimeProvider.System);
            var token = HubToken.Local(await access.LoadOrCreateKeyAsync(cancellationToken));
            return new PgHubs(processes, urls, token, store, database);
        }
        catch
        {
            foreach (var started in processes)
            {
                await started!.DisposeAsync();
            }
            throw;
        }
    }

    /// <summary>Connects to hub <paramref name="home"/> (the others as fallbacks), as a worker when
    /// <paramref name="worker"/> is given, else as a coordinator.</summary>
    public async Task<BatonClient> ConnectAsync(int home, string? worker, CancellationToken cancellationToken)
    {
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = Urls[home],
            FallbackServers = [.. Urls.Where((_, i) => i != home)],
            Token = Token,
            Role = worker is null ? "coordinator" : "worker",
            Worker = worker is null ? null : new WorkerId(worker),
        }, cancellationToken);
        return connected.IsOk ? connected.Value : throw new InvalidOperationException($"cannot connect to {Urls[home]}: {connected.Error.Message}");
    }

    /// <summary>SIGKILL to hub <paramref name="index"/>; returns once it has exited.</summary>
    public async Task KillAsync(int index)
    {
        if (_processes[index] is { } process)
        {
            await process.KillAsync();
            await process.DisposeAsync();
            _processes[index] = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }
    }
}

using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Tasks;
using Baton.Hub;
using Baton.Hub.Access;
using Baton.Hub.Stores;
using Baton.Storage;
using Baton.Storage.Postgres;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// Hubs over one store and the clients that talk to them: hubs in this process (real Kestrel on free loopback ports,
/// each with a store object of its own, as separate processes would have), or real <c>baton serve</c> processes where
/// a hub must die with SIGKILL. A worker is given its home hub first and the others as fallbacks, as
/// <c>--server A,B,C</c> does.
/// </summary>
internal sealed class HubSet : IAsyncDisposable
{
    private readonly List<RunningHub?> _inProcess = [];
    private readonly List<ServeProcess?> _processes = [];
    private readonly List<Uri> _urls = [];
    private readonly Func<CancellationToken, Task<IBatonStore>> _openStore;
    private readonly string _directory;
    private readonly List<BatonClient> _clients = [];

    private HubSet(Func<CancellationToken, Task<IBatonStore>> openStore, string directory)
    {
        _openStore = openStore;
        _directory = directory;
    }

    public IReadOnlyList<Uri> Urls => _urls;

    /// <summary>A coordinator token every hub of the set takes.</summary>
    public string Token { get; private set; } = "";

    /// <summary>One hub on a fresh SQLite store: the harness's own check, where PostgreSQL is not needed.</summary>
    public static async Task<HubSet> StartSqliteAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("baton-scale-").FullName;
        var store = Path.Combine(directory, ".baton", "baton.db");
        var set = new HubSet(async ct => await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = store, WatchForChanges = false }, ct), directory);
        set.Add(await BatonHub.StartAsync(new HubOptions
        {
            StorePath = store,
            Urls = "http://127.0.0.1:0",
            CreateStoreIfMissing = true,
            DisconnectGrace = grace,
            ConfigureLogging = logging => Logging(logging, null),
        }, cancellationToken));
        set.Token = HubToken.Local(AccessKey.LoadOrCreate(Path.GetDirectoryName(store)!));
        return set;
    }

    /// <summary><paramref name="hubs"/> hubs in this process on the PostgreSQL database at <paramref name="url"/>, started one
    /// after another (the first makes the tables). <paramref name="probe"/> may give a hub a log listener.</summary>
    public static async Task<HubSet> StartPostgresAsync(string url, int hubs, TimeSpan grace, CancellationToken cancellationToken,
        Func<int, ILoggerProvider?>? probe = null)
    {
        var location = PostgresLocation.Parse(url);
        var set = new HubSet(async ct => await PostgresStore.OpenAsync(new PostgresStoreOptions { Location = location }, ct),
            Directory.CreateTempSubdirectory("baton-scale-").FullName);
        try
        {
            for (var i = 0; i < hubs; i++)
            {
                var listener = probe?.Invoke(i);
                set.Add(await BatonHub.StartAsync(new HubOptions
                {
                    StoreTarget = StoreTarget.Database(location) with { RepositoryRoot = set._directory },
                    Urls = "http://127.0.0.1:0",
                    CreateStoreIfMissing = true,
                    DisconnectGrace = grace,
                    ConfigureLogging = logging => Logging(logging, listener),
                }, cancellationToken));
            }
            set.Token = await LocalTokenAsync(location, cancellationToken);
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
        return set;
    }

    /// <summary><paramref name="hubs"/> <c>baton serve</c> processes on the PostgreSQL database at <paramref name="url"/>,
    /// each with <paramref name="extra"/> options; the first makes the tables.</summary>
    public static async Task<HubSet> StartProcessesAsync(string url, int hubs, IReadOnlyList<string> extra, CancellationToken cancellationToken)
    {
        var location = PostgresLocation.Parse(url);
        var set = new HubSet(async ct => await PostgresStore.OpenAsync(new PostgresStoreOptions { Location = location }, ct),
            Directory.CreateTempSubdirectory("baton-scale-").FullName);
        try
        {
            // What `baton init --store URL` does first: `baton serve` opens an existing store only.
            await using (await PostgresStore.OpenAsync(new PostgresStoreOptions { Location = location, CreateIfMissing = true, RepositoryRoot = set._directory },
                cancellationToken))
            {
            }
            for (var i = 0; i < hubs; i++)
            {
                var process = await ServeProcess.StartAsync(url, set._directory, extra, cancellationToken);
                set._processes.Add(process);
                set._inProcess.Add(null);
                set._urls.Add(process.Url);
            }
            set.Token = await LocalTokenAsync(location, cancellationToken);
        }
        catch
        {
            await set.DisposeAsync();
            throw;
        }
        return set;
    }

    // The repository's own token, from the key every hub on the database shares.
    private static async Task<string> LocalTokenAsync(PostgresLocation location, CancellationToken cancellationToken)
    {
        await using var access = new DatabaseAccessStore(location, TimeProvider.System);
        return HubToken.Local(await access.LoadOrCreateKeyAsync(cancellationToken));
    }

    private void Add(RunningHub hub)
    {
        _inProcess.Add(hub);
        _processes.Add(null);
        _urls.Add(hub.Url);
    }

    /// <summary>The process of hub <paramref name="index"/> (a set of <c>baton serve</c> processes).</summary>
    public ServeProcess Process(int index) => _processes[index] ?? throw new InvalidOperationException($"hub {index} is not a process of its own");

    /// <summary>A worker client at hub <paramref name="home"/>, with every other hub of the set as its fallbacks.</summary>
    public async Task<BatonClient> ConnectWorkerAsync(string name, int home, CancellationToken cancellationToken)
        => await ConnectAsync(home, "worker", new WorkerId(name), reconnect: true, cancellationToken);

    /// <summary>A worker that dies with its hub: no fallbacks, no reconnect.</summary>
    public async Task<BatonClient> ConnectMortalWorkerAsync(string name, int home, CancellationToken cancellationToken)
        => await ConnectAsync(home, "worker", new WorkerId(name), reconnect: false, cancellationToken);

    /// <summary>A coordinator client at hub <paramref name="hub"/>.</summary>
    public async Task<BatonClient> ConnectCoordinatorAsync(int hub, CancellationToken cancellationToken)
        => await ConnectAsync(hub, "coordinator", null, reconnect: true, cancellationToken);

    private async Task<BatonClient> ConnectAsync(int home, string role, WorkerId? worker, bool reconnect, CancellationToken cancellationToken)
    {
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = _urls[home],
            FallbackServers = reconnect ? [.. _urls.Where((_, i) => i != home)] : [],
            Reconnect = reconnect,
            Token = Token,
            Role = role,
            Worker = worker,
        }, cancellationToken);
        Assert.True(connected.IsOk, $"{worker?.Value ?? role} could not connect to {_urls[home]}: {connected.Error?.Message}");
        lock (_clients)
        {
            _clients.Add(connected.Value);
        }
        return connected.Value;
    }

    /// <summary>Whether hub <paramref name="index"/>'s <c>/readyz</c> says it can work (its store answers).</summary>
    public async Task<bool> ReadyAsync(int index, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = _urls[index], Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        using var ready = await http.GetAsync(new Uri("/readyz", UriKind.Relative), cancellationToken);
        return ready.IsSuccessStatusCode;
    }

    /// <summary>A store object of its own on the set's store, for the audit.</summary>
    public Task<IBatonStore> OpenStoreAsync(CancellationToken cancellationToken) => _openStore(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        List<BatonClient> clients;
        lock (_clients)
        {
            clients = [.. _clients];
        }
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
        foreach (var hub in _inProcess)
        {
            if (hub is not null)
            {
                await hub.DisposeAsync();
            }
        }
        foreach (var process in _processes)
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in the temp folder are harmless.
        }
    }

    private static void Logging(ILoggingBuilder logging, ILoggerProvider? listener)
    {
        logging.ClearProviders();
        if (listener is not null)
        {
            logging.SetMinimumLevel(LogLevel.Debug);
            logging.AddProvider(listener);
        }
        if (Environment.GetEnvironmentVariable("BATON_TEST_LOG") == "1")
        {
            logging.AddSimpleConsole();
        }
    }
}

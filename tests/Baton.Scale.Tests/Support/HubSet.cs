using Baton.Client;
using Baton.Core.Access;
using Baton.Core.Tasks;
using Baton.Hub;
using Baton.Hub.Access;
using Baton.Storage;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// Hubs in this process (real Kestrel on free loopback ports) over one store, each with a store object of its own,
/// as separate <c>baton serve</c> processes would have; and the clients that talk to them. A worker is given its
/// home hub first and the others as fallbacks, as <c>--server A,B,C</c> does.
/// </summary>
internal sealed class HubSet : IAsyncDisposable
{
    private readonly List<RunningHub> _hubs;
    private readonly Func<CancellationToken, Task<IBatonStore>> _openStore;
    private readonly string? _directory;
    private readonly List<BatonClient> _clients = [];

    private HubSet(List<RunningHub> hubs, string token, Func<CancellationToken, Task<IBatonStore>> openStore, string? directory)
    {
        _hubs = hubs;
        Token = token;
        _openStore = openStore;
        _directory = directory;
    }

    public IReadOnlyList<Uri> Urls => [.. _hubs.Select(h => h.Url)];

    /// <summary>A coordinator token every hub of the set takes.</summary>
    public string Token { get; }

    /// <summary>One hub on a fresh SQLite store: the harness's own check, where PostgreSQL is not needed.</summary>
    public static async Task<HubSet> StartSqliteAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("baton-scale-").FullName;
        var store = Path.Combine(directory, ".baton", "baton.db");
        var hub = await BatonHub.StartAsync(new HubOptions
        {
            StorePath = store,
            Urls = "http://127.0.0.1:0",
            CreateStoreIfMissing = true,
            DisconnectGrace = grace,
            ConfigureLogging = Quiet,
        }, cancellationToken);
        var token = HubToken.Local(AccessKey.LoadOrCreate(Path.GetDirectoryName(store)!));
        return new HubSet([hub], token, async ct => await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = store, WatchForChanges = false }, ct), directory);
    }

    /// <summary>A worker client at hub <paramref name="home"/>, with every other hub of the set as its fallbacks.</summary>
    public async Task<BatonClient> ConnectWorkerAsync(string name, int home, CancellationToken cancellationToken)
        => await ConnectAsync(home, "worker", new WorkerId(name), cancellationToken);

    /// <summary>A coordinator client at hub <paramref name="hub"/>.</summary>
    public async Task<BatonClient> ConnectCoordinatorAsync(int hub, CancellationToken cancellationToken)
        => await ConnectAsync(hub, "coordinator", null, cancellationToken);

    private async Task<BatonClient> ConnectAsync(int home, string role, WorkerId? worker, CancellationToken cancellationToken)
    {
        var urls = Urls;
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = urls[home],
            FallbackServers = [.. urls.Where((_, i) => i != home)],
            Token = Token,
            Role = role,
            Worker = worker,
        }, cancellationToken);
        Assert.True(connected.IsOk, $"{worker?.Value ?? role} could not connect to {urls[home]}: {connected.Error?.Message}");
        lock (_clients)
        {
            _clients.Add(connected.Value);
        }
        return connected.Value;
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
        foreach (var hub in _hubs)
        {
            await hub.DisposeAsync();
        }
        if (_directory is not null)
        {
            try
            {
                Directory.Delete(_directory, recursive: true);
            }
            catch (IOException)
            {
                // Leftovers in the temp folder are harmless.
            }
        }
    }

    private static void Quiet(ILoggingBuilder logging)
    {
        logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("BATON_TEST_LOG") == "1")
        {
            logging.AddSimpleConsole();
        }
    }
}

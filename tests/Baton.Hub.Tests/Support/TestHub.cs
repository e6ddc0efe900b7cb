using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Baton.Core.Access;
using Baton.Core.Scheduling;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Stores;
using Baton.Storage.Postgres;
using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Support;

/// <summary>A real hub on a free loopback port over a real SQLite file in a temp folder, or over a real PostgreSQL
/// database (<c>postgres</c>: its URL; several hubs may share it).</summary>
internal sealed class TestHub : IAsyncDisposable
{
    private readonly string _directory;

    // The repository's own token of every running test hub, by port, so RawSocket and other bare clients can
    // authenticate without each test passing it around.
    private static readonly ConcurrentDictionary<int, string> TokensByPort = new();

    private TestHub(string directory, StoreTarget target, RunningHub hub, string token)
    {
        _directory = directory;
        Target = target;
        StorePath = target.FilePath ?? target.Display;
        Hub = hub;
        Token = token;
        TokensByPort[hub.Url.Port] = Token;
    }

    /// <summary>The store the hub serves.</summary>
    public StoreTarget Target { get; }

    /// <summary>The repository's own (coordinator) token, as the CLI derives it from .baton/hub.key.</summary>
    public string Token { get; }

    /// <summary>The folder holding the hub's key and token list.</summary>
    public string AccessDirectory => Path.GetDirectoryName(StorePath)!;

    /// <summary>The token of the test hub listening on <paramref name="url"/>'s port; null when none does.</summary>
    public static string? TokenFor(Uri url) => TokensByPort.GetValueOrDefault(url.Port);

    /// <summary>An HTTP client for the hub that sends <paramref name="token"/> (default: the repository's own).</summary>
    public HttpClient Http(string? token = null)
    {
        var http = new HttpClient { BaseAddress = Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token);
        return http;
    }

    /// <summary>Makes a token with <c>baton token create</c>'s code, where this hub's store keeps them (files, or the
    /// PostgreSQL store's access table).</summary>
    public async Task<string> CreateTokenAsync(HubRole role, string? worker = null, TimeSpan? expires = null)
    {
        await using var access = AccessStores.For(Target, TimeProvider.System);
        var made = await access.CreateAsync(role, worker is null ? null : new WorkerId(worker), expires, "test", TestContext.Current.CancellationToken);
        Assert.True(made.IsOk, made.Error?.Message);
        return made.Value.Token;
    }

    /// <summary>Makes a token with <c>baton token create</c>'s code.</summary>
    public string CreateToken(HubRole role, string? worker = null, TimeSpan? expires = null)
    {
        var made = new TokenRegistry(AccessDirectory, TimeProvider.System)
            .Create(AccessKey.LoadOrCreate(AccessDirectory), role, worker is null ? null : new WorkerId(worker), expires, "test");
        Assert.True(made.IsOk, made.Error?.Message);
        return made.Value.Token;
    }

    public RunningHub Hub { get; }

    public string StorePath { get; }

    public Uri Url => Hub.Url;

    public Uri SocketUrl => new UriBuilder(Url) { Scheme = "ws", Path = "/ws" }.Uri;

    /// <summary>Sees every dispatch round (how many claims wait).</summary>
    public DispatchProbe Probe { get; private init; } = new();

    public static async Task<TestHub> StartAsync(TimeSpan? grace = null, AssignmentPolicy policy = AssignmentPolicy.LeastLoaded, LogSink? logs = null, Baton.Hub.Limits.HubLimits? limits = null,
        TimeProvider? time = null, string? storePath = null, Uri? otlp = null, TimeSpan? metricsEvery = null, string? urls = null,
        string? postgres = null, TimeSpan? presenceInterval = null)
    {
        var probe = new DispatchProbe();
        var directory = storePath is null
            ? Path.Combine(Path.GetTempPath(), "baton-hub-test-" + Guid.NewGuid().ToString("N")[..10])
            : Path.GetDirectoryName(Path.GetDirectoryName(storePath))!;
        Directory.CreateDirectory(directory);
        var target = postgres is null
            ? StoreTarget.File(storePath ?? Path.Combine(directory, ".baton", "baton.db"))
            : StoreTarget.Database(PostgresLocation.Parse(postgres)) with { RepositoryRoot = directory };
        var interval = presenceInterval ?? HubOptions.DefaultPresenceInterval;
        var hub = await BatonHub.StartAsync(new HubOptions
        {
            Time = time ?? TimeProvider.System,
            StoreTarget = target,
            PresenceInterval = interval,
            HubTimeout = interval * 5,
            Urls = urls ?? "http://127.0.0.1:0",
            CreateStoreIfMissing = true,
            DisconnectGrace = grace ?? TimeSpan.FromSeconds(15),
            Policy = policy,
            Limits = limits ?? new(),
            OtlpEndpoint = otlp,
            MetricsExportInterval = metricsEvery,
            ConfigureLogging = logging =>
            {
                logging.ClearProviders();
                logging.SetMinimumLevel(LogLevel.Debug);
                logging.AddProvider(probe);
                if (logs is not null)
                {
                    logging.AddProvider(logs);
                }
                if (Environment.GetEnvironmentVariable("BATON_TEST_LOG") == "1") { logging.AddSimpleConsole(); logging.SetMinimumLevel(LogLevel.Debug); }
            },
        }, TestContext.Current.CancellationToken);
        await using var access = AccessStores.For(target, TimeProvider.System);
        var token = HubToken.Local(await access.LoadOrCreateKeyAsync(TestContext.Current.CancellationToken));
        return new TestHub(directory, target, hub, token) { Probe = probe };
    }

    /// <summary>Adds tasks through a second store handle on the same file, as another process would.</summary>
    public Task SeedAsync(params string[] ids)
        => SeedAsync(ids.Select(id => new TaskSpec { Id = new TaskId(id), Title = "task " + id, Description = "do " + id }).ToArray());

    /// <summary>Adds these tasks through a second store handle on the same file.</summary>
    public async Task SeedAsync(params TaskSpec[] specs)
    {
        await using var store = await StoreOpener.OpenAsync(Target, new StoreOpenOptions(), TestContext.Current.CancellationToken);
        var result = await store.ImportAsync(specs, null, [], TimeProvider.System.GetUtcNow(), TestContext.Current.CancellationToken);
        Assert.True(result.IsOk, result.Error?.Message);
    }

    public async ValueTask DisposeAsync()
    {
        TokensByPort.TryRemove(Hub.Url.Port, out _);
        await Hub.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Leftovers in /tmp are harmless.
        }
    }
}

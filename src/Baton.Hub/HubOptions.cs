using Baton.Core.Scheduling;
using Baton.Hub.Stores;
using Microsoft.Extensions.Logging;

namespace Baton.Hub;

/// <summary>How a hub runs. Checked when the hub starts and not changed afterwards.</summary>
public sealed class HubOptions
{
    /// <summary>The SQLite database file of the store (e.g. <c>.baton/baton.db</c>). Set this or
    /// <see cref="StoreTarget"/>.</summary>
    public string? StorePath { get; init; }

    /// <summary>The store, a SQLite file or a PostgreSQL database (<c>--store</c>); set this or <see cref="StorePath"/>.
    /// On PostgreSQL any number of hubs serve one database: the hub key and token list live in the database, and
    /// each hub records itself and the workers it holds. See docs/operations.md.</summary>
    public StoreTarget? StoreTarget { get; init; }

    /// <summary>Where to listen. Default <c>http://127.0.0.1:7411</c>; port 0 picks a free port
    /// (read the bound address from <see cref="RunningHub.Url"/>).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:7411";

    /// <summary>Lease length when neither the claim nor the task sets one. Default 10 minutes.</summary>
    public TimeSpan DefaultLease { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Refuse plans with <c>command</c> checks (forbidden) and run no stored one. Default false.</summary>
    public bool NoCommandChecks { get; init; }

    /// <summary>The default <see cref="DisconnectGrace"/>: 15 seconds.</summary>
    public static readonly TimeSpan DefaultDisconnectGrace = TimeSpan.FromSeconds(15);

    /// <summary>How long a persistent worker whose connection dropped keeps its leases before they are released.
    /// Default 15 seconds. Ephemeral sessions (one-shot CLI calls) are not watched.</summary>
    public TimeSpan DisconnectGrace { get; init; } = DefaultDisconnectGrace;

    /// <summary>Which waiting worker gets the next ready task: least-loaded (default), round-robin or
    /// priority. See docs/scheduling.md.</summary>
    public AssignmentPolicy Policy { get; init; } = AssignmentPolicy.LeastLoaded;

    /// <summary>The clock for leases, grace periods and waits. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Create the store (the file, or the database's tables) when it is missing. Default false (a missing
    /// store is an error).</summary>
    public bool CreateStoreIfMissing { get; init; }

    /// <summary>An open store to serve instead of opening <see cref="StorePath"/> or <see cref="StoreTarget"/>, which
    /// then only name it (in the log and status) and say where the hub's key and tokens are (a PostgreSQL target: in that
    /// database). The hub owns it from <see cref="BatonHub.StartAsync"/> on and closes it when it stops (or when starting
    /// fails), and takes no store lock for it. Default null: the hub opens the target.</summary>
    public Baton.Storage.IBatonStore? Store { get; init; }

    /// <summary>A folder for the hub's key (<c>hub.key</c>) and token list (<c>tokens.json</c>). Default: the folder of
    /// a SQLite store's file (the repository's <c>.baton</c>); with a PostgreSQL store, the database's <c>access</c>
    /// table, shared by every hub on it. See docs/security.md.</summary>
    public string? AccessDirectory { get; init; }

    /// <summary>Host names the hub answers to besides the addresses it listens on (<c>--allowed-host</c>); <c>*</c>
    /// accepts any (and gives up the protection against DNS rebinding). Default none.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Browser origins allowed to call the hub besides its own (<c>--allowed-origin</c>), e.g.
    /// <c>https://dash.example.com</c>. Default none.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Serve plain HTTP on an address other machines can reach (<c>--insecure-http</c>). Default false:
    /// such an address needs TLS (<see cref="TlsCertificatePath"/>), since tokens cross the network.</summary>
    public bool InsecureHttp { get; init; }

    /// <summary>A PEM certificate for https URLs (<c>--tls-cert</c>); with <see cref="TlsKeyPath"/> unless the
    /// file holds the key too. Default none.</summary>
    public string? TlsCertificatePath { get; init; }

    /// <summary>The PEM private key of <see cref="TlsCertificatePath"/> (<c>--tls-key</c>).</summary>
    public string? TlsKeyPath { get; init; }

    /// <summary>Changes logging (providers, levels). Default: the host's console logging.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>What one client may ask of the hub (frame, body and field sizes, connections, waits). See docs/security.md.</summary>
    public Baton.Hub.Limits.HubLimits Limits { get; init; } = new();

    /// <summary>Where to send metrics over OTLP/HTTP (protobuf), e.g. <c>http://127.0.0.1:4318</c> (<c>--otlp-endpoint</c>;
    /// the standard <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable works too). Default none: the meter is still there for
    /// <c>dotnet-counters</c>. See docs/operations.md, "Metrics".</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>How often metrics go to <see cref="OtlpEndpoint"/>. Default 60 s (or <c>OTEL_METRIC_EXPORT_INTERVAL</c>).</summary>
    public TimeSpan? MetricsExportInterval { get; init; }

    /// <summary>The default <see cref="PresenceInterval"/>: 2 seconds.</summary>
    public static readonly TimeSpan DefaultPresenceInterval = TimeSpan.FromSeconds(2);

    /// <summary>On a store that several hubs serve (PostgreSQL): how often a hub records that it is alive and looks for
    /// workers left connected through hubs that are gone. Default 2 seconds.</summary>
    public TimeSpan PresenceInterval { get; init; } = DefaultPresenceInterval;

    /// <summary>On a store that several hubs serve: a hub not heard for this long is gone, and the workers it held are
    /// orphans that another hub gives the <see cref="DisconnectGrace"/> and then releases. Default 10 seconds (five
    /// missed <see cref="PresenceInterval"/>s: a hub slowed by its database is not taken for dead).</summary>
    public TimeSpan HubTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How the hub's page signs people in (one-time links, session lifetime). See docs/ui.md.</summary>
    public Baton.Hub.Dashboard.DashboardOptions Dashboard { get; init; } = new();

    /// <summary>The store the options name (<see cref="StoreTarget"/>, else the file <see cref="StorePath"/>).</summary>
    internal StoreTarget Target => StoreTarget ?? Stores.StoreTarget.File(StorePath!); // Validate requires one of them

    /// <summary>The folder of the hub's key and token list; null when they are in the PostgreSQL store.</summary>
    internal string? ResolvedAccessDirectory
        => AccessDirectory ?? (Target.FilePath is { } file
            ? Path.GetDirectoryName(file) ?? throw new ArgumentException("the store path has no folder", nameof(StorePath))
            : null);

    internal void Validate()
    {
        Limits.Validate();
        ArgumentNullException.ThrowIfNull(Dashboard);
        Dashboard.Validate();
        if (StoreTarget is null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(StorePath);
        }
        else if (StorePath is not null)
        {
            throw new ArgumentException("set StorePath or StoreTarget, not both", nameof(StorePath));
        }
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(PresenceInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HubTimeout, PresenceInterval);
        ArgumentException.ThrowIfNullOrWhiteSpace(Urls);
        ArgumentNullException.ThrowIfNull(Time);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DefaultLease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(DisconnectGrace, TimeSpan.Zero);
        if (OtlpEndpoint is { } otlp && (!otlp.IsAbsoluteUri || otlp.Scheme is not ("http" or "https")))
        {
            throw new ArgumentException($"the OTLP endpoint must be an http or https URL, not \"{otlp}\"", nameof(OtlpEndpoint));
        }
        if (MetricsExportInterval is { } every)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(every, TimeSpan.FromMilliseconds(100), nameof(MetricsExportInterval));
        }
        if (!Enum.IsDefined(Policy))
        {
            throw new ArgumentOutOfRangeException(nameof(Policy), Policy, "unknown assignment policy");
        }
    }
}

namespace Baton.Compare.Workloads;

/// <summary>What the resources workload measured, filled in as it goes so a failure keeps what came before.</summary>
internal sealed class ResourcesResult
{
    /// <summary>How the hub ran, e.g. <c>baton serve (framework-dependent, JIT)</c>.</summary>
    public required string Hub { get; init; }

    /// <summary>The idle workers asked for (<c>--idle-workers</c>).</summary>
    public required int Requested { get; init; }

    /// <summary>The soft and hard open-files limit the harness (and so the hub) ran with.</summary>
    public (long Soft, long Hard) OpenFilesLimit { get; init; }

    /// <summary>Set when the open-files limit kept the workload from opening every connection.</summary>
    public string? LimitNote { get; set; }

    /// <summary>The hub just after it started listening, with no connection yet, once its RSS settled.</summary>
    public ProcessSample? Idle { get; set; }

    /// <summary>Workers whose hello got its welcome.</summary>
    public int Connected { get; set; }

    /// <summary>From the first connect to the last welcome.</summary>
    public TimeSpan? ConnectTime { get; set; }

    /// <summary>Connections opened at once while connecting.</summary>
    public int InFlight { get; init; }

    /// <summary>The hub with <see cref="Connected"/> idle workers, once its RSS settled.</summary>
    public ProcessSample? Loaded { get; set; }

    /// <summary>How long the loaded hub took to settle (RSS within 1 % over 3 s).</summary>
    public TimeSpan? LoadedSettle { get; set; }

    /// <summary>The close handshakes of every connection, after the measurement.</summary>
    public TimeSpan? CloseTime { get; set; }

    /// <summary>Set when the workload failed; says why.</summary>
    public string? Problem { get; set; }

    /// <summary>RSS per connection: (loaded - idle) / connected, in KiB.</summary>
    public double? PerConnectionKiB
        => Idle is { } idle && Loaded is { } loaded && Connected > 0 ? (loaded.RssKiB - idle.RssKiB) / (double)Connected : null;
}

namespace Baton.Cli.Run;

/// <summary>What one worker of the pool did, as <c>baton run</c> saw it.</summary>
internal sealed record WorkerTally
{
    public required string Worker { get; init; }

    public int Done { get; set; }

    public int Failed { get; set; }

    public int Blocked { get; set; }

    public double BusyMs { get; set; }
}

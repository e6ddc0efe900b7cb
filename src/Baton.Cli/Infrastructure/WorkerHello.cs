namespace Baton.Cli.Infrastructure;

/// <summary>What a worker says of itself when it opens a hub session (hello); local mode passes the same
/// values with each claim instead.</summary>
internal sealed record WorkerHello(int? Capacity, IReadOnlyList<string>? Labels, int? Priority);

using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Adds to a worker's tallies, and when <see cref="SeenAt"/> is set, records that it was heard then. A worker
/// the store does not know is left alone.</summary>
internal sealed record CountWorker(WorkerId Worker, int Done, int Failed, long BusyMs, DateTimeOffset? SeenAt) : LifeChange;

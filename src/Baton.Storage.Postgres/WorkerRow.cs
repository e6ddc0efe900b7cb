namespace Baton.Storage.Postgres;

/// <summary>What a worker's row says of it, as a claim or a touch needs it: its capacity, its labels as stored (JSON
/// text), whether it is connected, and when it was last seen (Unix milliseconds).</summary>
internal sealed record WorkerRow(int Capacity, string Labels, bool Connected, long LastSeen);

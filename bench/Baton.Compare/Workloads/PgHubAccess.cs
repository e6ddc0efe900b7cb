namespace Baton.Compare.Workloads;

/// <summary>Makes a PostgreSQL database ready for hubs and gives a coordinator token every hub on it takes.</summary>
internal static class PgHubAccess
{
    public static Task<string> PrepareAsync(BatonServe serve, string store, string folder, CancellationToken cancellationToken)
        => throw new NotSupportedException("pending: the hubs on PostgreSQL (h/hubs)");
}

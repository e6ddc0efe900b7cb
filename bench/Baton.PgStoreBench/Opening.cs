using System.Diagnostics;
using System.Globalization;
using Baton.Storage.Postgres;
using Baton.Testing;

namespace Baton.PgStoreBench;

/// <summary>What opening a store costs (a one-shot CLI call pays it), and what its change feed's listening connection
/// costs on top (paid by the first waiter: a hub, claim --wait), measured on a store whose schema is made.</summary>
internal static class Opening
{
    public static async Task<string> RunAsync(PostgresServer server, int samples, CancellationToken cancellationToken)
    {
        var database = await server.CreateDatabaseAsync(cancellationToken);
        var options = new PostgresStoreOptions
        {
            Location = PostgresLocation.Parse(server.Url(database)),
            RepositoryRoot = Path.GetTempPath(),
            CreateIfMissing = true,
        };
        var clock = Stopwatch.StartNew();
        await (await PostgresStore.OpenAsync(options, cancellationToken)).DisposeAsync();
        var create = clock.Elapsed.TotalMilliseconds;
        var opens = new List<double>();
        var listens = new List<double>();
        for (var i = 0; i < samples; i++)
        {
            clock.Restart();
            var store = await PostgresStore.OpenAsync(options, cancellationToken);
            opens.Add(clock.Elapsed.TotalMilliseconds);
            clock.Restart();
            _ = store.Changes.Next;
            await store.Feed.Listening.WaitAsync(cancellationToken);
            listens.Add(clock.Elapsed.TotalMilliseconds);
            await store.DisposeAsync();
        }
        opens.Sort();
        listens.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"first open (makes the schema) {create:F1} ms; open p50 {opens[samples / 2]:F1} ms; listening after the first waiter p50 {listens[samples / 2]:F1} ms");
    }
}

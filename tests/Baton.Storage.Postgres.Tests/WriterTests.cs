using Baton.Storage.Postgres.Tests.Support;
using Npgsql;

namespace Baton.Storage.Postgres.Tests;

/// <summary>The writer's own machinery: queued statements, the batch's reads, its counters.</summary>
public sealed class WriterTests(SharedPostgres postgres) : IDisposable
{
    private readonly TempDirectory _root = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Write_ThatOnlyQueuesStatements_IsCommitted_Invariant2()
    {
        var server = postgres.Require();
        var database = await server.CreateDatabaseAsync(Ct);
        await using var store = await Stores.OpenAsync(server, database, _root.Path);

        // No read before the commit: the statement travels with the commit, which must not be skipped as empty.
        await store.WriteAsync(scope =>
        {
            scope.Exec("INSERT INTO meta(key, value) VALUES ($1, $2)", Arg.Text("probe"), Arg.Text("kept"));
            return 0;
        }, Ct);

        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync(Ct);
        await using var read = new NpgsqlCommand("SELECT value FROM meta WHERE key = 'probe'", connection);
        Assert.Equal("kept", await read.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task ReportNext_ReadsWhatItNeedsInTheRoundTripThatTakesTheLock()
    {
        var server = postgres.Require();
        var database = await server.CreateDatabaseAsync(Ct);
        await using var store = await Stores.OpenAsync(server, database, _root.Path);
        var now = TimeProvider.System.GetUtcNow();
        Assert.True((await store.ImportAsync([Specs.Task("a"), Specs.Task("b")], null, [], now, Ct)).IsOk);
        var worker = new Baton.Core.Tasks.WorkerId("w1");
        var claim = await store.ClaimAsync(new Baton.Core.Api.ClaimRequest { Worker = worker }, TimeSpan.FromMinutes(10), now, Ct);
        var before = store.Counters.RoundTrips;

        var next = await store.ReportAndClaimAsync(new Baton.Core.Api.ReportRequest
        {
            TaskId = claim.Value.Task.Id,
            Worker = worker,
            LeaseId = claim.Value.Lease.Id,
            Outcome = Baton.Core.Tasks.ReportOutcome.Done,
            Summary = "done",
            IdempotencyKey = "k1",
        }, new Baton.Core.Api.ClaimRequest { Worker = worker }, TimeSpan.FromMinutes(10), now, Ct);

        Assert.Equal("b", next.Value.Next?.Task.Id.Value);
        // The report, its key, the worker, the leased tasks and the ready page came with the lock; the writes with the
        // commit: two round trips for a report and the next claim.
        Assert.Equal(2, store.Counters.RoundTrips - before);
    }

    [Fact]
    public async Task Batch_WhereAWriteFailsBeforeItSendsAnything_KeepsTheWritesBeforeIt()
    {
        var server = postgres.Require();
        var database = await server.CreateDatabaseAsync(Ct);
        await using var store = await Stores.OpenAsync(server, database, _root.Path);
        // Hold the writer inside a write, so the two that follow are queued meanwhile and share the next batch.
        using var running = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var holder = store.WriteAsync(scope =>
        {
            running.Set();
            release.Wait(Ct);
            return 0;
        }, Ct);
        Assert.True(running.Wait(TestTimeouts.Default, Ct));
        var kept = store.WriteAsync(scope =>
        {
            scope.Exec("INSERT INTO meta(key, value) VALUES ($1, $2)", Arg.Text("kept"), Arg.Text("yes"));
            return 1;
        }, Ct);
        var failing = store.WriteAsync<int>(_ => throw new InvalidOperationException("a bug in this write alone"), Ct);
        release.Set();
        await holder;

        // The batch ran again with a savepoint per write: the failing one is undone alone, the one before it is kept.
        Assert.Equal(1, await kept);
        Assert.Equal("a bug in this write alone", (await Assert.ThrowsAsync<InvalidOperationException>(() => failing)).Message);
        await using var connection = new NpgsqlConnection(server.ConnectionString(database));
        await connection.OpenAsync(Ct);
        await using var read = new NpgsqlCommand("SELECT value FROM meta WHERE key = 'kept'", connection);
        Assert.Equal("yes", await read.ExecuteScalarAsync(Ct));
    }
}

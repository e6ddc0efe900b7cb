// The shared PostgreSQL server (if a test started it) stops when the test assembly ends.
[assembly: AssemblyFixture(typeof(Baton.Testing.SharedPostgres))]

namespace Baton.Testing;

/// <summary>
/// One PostgreSQL server for the tests of an assembly that need one (<see cref="PostgresServer"/>: initdb in a temporary
/// folder), started by the first of them (about two seconds) and stopped when the test assembly ends; each test makes a
/// database of its own on it. Linked into the CLI and hub tests. Where PostgreSQL is not installed, those tests are skipped with the reason.
/// </summary>
public sealed class SharedPostgres : IAsyncLifetime
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static PostgresServer? _server;

    /// <summary>A new database on the shared server, as a <c>postgres://</c> URL; skips the calling test where PostgreSQL
    /// is missing.</summary>
    public static async Task<string> NewDatabaseAsync()
    {
        var server = await RequireAsync();
        return server.Url(await server.CreateDatabaseAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>The shared server, started on first use; skips the calling test where PostgreSQL is missing.</summary>
    public static async Task<PostgresServer> RequireAsync()
    {
        if (PostgresServer.MissingReason is { } missing)
        {
            Assert.Skip(missing);
        }
        await Gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            // fsync off: these tests stop nothing abruptly.
            return _server ??= await PostgresServer.StartNewAsync(fsync: false, CancellationToken.None);
        }
        finally
        {
            Gate.Release();
        }
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_server is { } server)
        {
            _server = null;
            await server.DisposeAsync();
        }
    }
}

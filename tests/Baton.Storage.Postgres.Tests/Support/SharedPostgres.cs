namespace Baton.Storage.Postgres.Tests.Support;

/// <summary>
/// The test run's PostgreSQL server (<see cref="PostgresServer"/>: initdb in a temporary folder, stopped and deleted at
/// the end). Where PostgreSQL is not installed, every test that needs it is skipped with the reason
/// (<see cref="PostgresServer.MissingReason"/>; <c>.ci/run</c> installs it).
/// </summary>
public sealed class SharedPostgres : IAsyncLifetime
{
    private PostgresServer? _server;

    /// <summary>The server, or skips the calling test with the reason there is none.</summary>
    public PostgresServer Require()
    {
        if (_server is null)
        {
            Assert.Skip(PostgresServer.MissingReason ?? "no PostgreSQL server");
        }
        return _server;
    }

    public async ValueTask InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            // fsync off: these tests stop nothing abruptly (the restart tests run servers of their own).
            _server = await PostgresServer.StartNewAsync(fsync: false, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

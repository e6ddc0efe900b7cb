namespace Baton.Scale.Tests.Support;

/// <summary>
/// One real PostgreSQL for the whole assembly (each test makes a database of its own on it). Where PostgreSQL is not
/// installed, <see cref="Server"/> is null and the tests skip with <see cref="PostgresServer.MissingReason"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    public PostgresServer? Server { get; private set; }

    /// <summary>The server, or a skip that says why there is none.</summary>
    public PostgresServer Require()
    {
        Assert.SkipWhen(Server is null, PostgresServer.MissingReason ?? "PostgreSQL did not start");
        return Server!; // SkipWhen ends the test when it is null
    }

    public async ValueTask InitializeAsync()
    {
        if (PostgresServer.MissingReason is null)
        {
            // fsync off: no test here cuts the power; a kill of a hub or a stop of the server keeps every commit without it.
            Server = await PostgresServer.StartNewAsync(fsync: false, CancellationToken.None);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

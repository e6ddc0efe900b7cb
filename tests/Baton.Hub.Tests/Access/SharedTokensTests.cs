using System.Net;
using Baton.Core.Access;
using Baton.Hub.Access;
using Baton.Hub.Stores;
using Baton.Hub.Tests.Support;
using Baton.Storage.Postgres;

namespace Baton.Hub.Tests.Access;

/// <summary>Hubs on one PostgreSQL store share its key and token list (its <c>access</c> table): a token made for one
/// works on every hub, and a revoke counts on all of them within a second or two.</summary>
public sealed class SharedTokensTests
{
    [Fact]
    public async Task TwoHubsStartingTogether_MakeOneKey_AndAcceptTheSameLocalToken()
    {
        var database = await SharedPostgres.NewDatabaseAsync();
        // The tables first (as 'baton init --store' makes them): the race here is the key's.
        await using (await StoreOpener.OpenAsync(StoreTarget.Database(PostgresLocation.Parse(database)) with { RepositoryRoot = Path.GetTempPath() },
            new StoreOpenOptions { CreateIfMissing = true }, TestContext.Current.CancellationToken))
        {
        }
        var starts = await Task.WhenAll(TestHub.StartAsync(postgres: database), TestHub.StartAsync(postgres: database));
        await using var a = starts[0];
        await using var b = starts[1];

        // One key, made by whichever started first: both derive the same local token, and each accepts it.
        Assert.Equal(a.Token, b.Token);
        foreach (var hub in starts)
        {
            using var http = hub.Http(a.Token);
            var status = await http.GetAsync("/api/status", TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }
        Assert.False(Directory.EnumerateFiles(a.Target.RepositoryRoot!, AccessKey.FileName, SearchOption.AllDirectories).Any(), "a hub on PostgreSQL wrote a key file");
    }

    [Fact]
    public async Task TokenMadeForHubA_WorksOnHubB_AndARevokeThroughA_IsRefusedByB()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await SharedPostgres.NewDatabaseAsync();
        await using var a = await TestHub.StartAsync(postgres: database);
        await using var b = await TestHub.StartAsync(postgres: database);

        // Made through A's store after both hubs started: B learns of it from the database.
        var token = await a.CreateTokenAsync(HubRole.Observer);
        using var onB = b.Http(token);
        await Poll.UntilAsync(async () => (await onB.GetAsync("/api/status", ct)).StatusCode == HttpStatusCode.OK);

        await using (var access = AccessStores.For(a.Target, TimeProvider.System))
        {
            Assert.True((await access.RevokeAsync(IdOf(token), ct)).IsOk);
        }

        // Refused by B within a second or two (it reads the table every second), naming the revocation.
        await Poll.UntilAsync(async () => (await onB.GetAsync("/api/status", ct)).StatusCode == HttpStatusCode.Unauthorized);
        var refused = await HttpJson.ReadAsync(await onB.GetAsync("/api/status", ct));
        Assert.Contains("was revoked", refused.GetProperty("message").GetString(), StringComparison.Ordinal);
        // And by A, on its own next read of the table.
        using var onA = a.Http(token);
        await Poll.UntilAsync(async () => (await onA.GetAsync("/api/status", ct)).StatusCode == HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RotatedKey_StopsTheOldLocalTokenOnEveryHub()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await SharedPostgres.NewDatabaseAsync();
        await using var a = await TestHub.StartAsync(postgres: database);
        await using var b = await TestHub.StartAsync(postgres: database);
        byte[] key;
        await using (var access = AccessStores.For(a.Target, TimeProvider.System))
        {
            key = await access.RotateKeyAsync(ct);
        }

        using var oldOnB = b.Http(a.Token);
        using var newOnB = b.Http(HubToken.Local(key));
        await Poll.UntilAsync(async () => (await newOnB.GetAsync("/api/status", ct)).StatusCode == HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Unauthorized, (await oldOnB.GetAsync("/api/status", ct)).StatusCode);
    }

    private static string IdOf(string token)
    {
        Assert.True(HubToken.TryParse(token, out var id, out _));
        return id;
    }
}

using Baton.Client;
using Baton.Core.Api;
using Baton.Core.Tasks;
using Baton.Hub.Tests.Support;

namespace Baton.Hub.Tests.Client;

/// <summary>A client given several hubs (<see cref="BatonClientOptions.FallbackServers"/>) connects to one that answers
/// and, when its hub goes away, to the next, keeping its worker's leases.</summary>
public sealed class FailoverTests
{
    [Fact]
    public async Task Connect_FirstHubUnreachable_ConnectsToTheNext()
    {
        await using var hub = await TestHub.StartAsync();
        var dead = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = dead,
            FallbackServers = [hub.Url],
            Token = hub.Token,
            Worker = new WorkerId("w1"),
            RequestTimeout = TimeSpan.FromSeconds(10),
        }, TestContext.Current.CancellationToken);

        Assert.True(connected.IsOk, connected.Error?.Message);
        await using var client = connected.Value;
        Assert.Equal(hub.Url, client.CurrentServer);
    }

    [Fact]
    public async Task Connect_NoHubAnswers_NamesEveryAddress()
    {
        var first = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var second = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = first,
            FallbackServers = [second],
            Token = "baton_x.y",
            RequestTimeout = TimeSpan.FromSeconds(5),
        }, TestContext.Current.CancellationToken);

        Assert.Equal(Baton.Core.Errors.ErrorCode.HubUnreachable, connected.Error?.Code);
        Assert.Contains(first.Authority, connected.Error!.Message, StringComparison.Ordinal);
        Assert.Contains(second.Authority, connected.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HubGone_ClientMovesToTheNextHubOnTheStore_AndKeepsItsLease()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await TestHub.StartAsync(grace: TimeSpan.FromSeconds(60));
        await first.SeedAsync("t1");
        var secondUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = first.Url,
            FallbackServers = [new Uri(secondUrl)],
            Token = first.Token,
            Worker = new WorkerId("w1"),
            AutoHeartbeat = false,
        }, ct);
        Assert.True(connected.IsOk, connected.Error?.Message);
        await using var client = connected.Value;
        var claim = await client.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(claim.IsOk, claim.Error?.Message);
        var lease = claim.Value.Lease.Id;

        // The first hub goes away (and with it the store's hub lock); a second one serves the same store.
        await first.Hub.DisposeAsync();
        await using var second = await TestHub.StartAsync(grace: TimeSpan.FromSeconds(60), storePath: first.StorePath, urls: secondUrl);
        var deadline = TimeProvider.System.GetUtcNow() + TestTimeouts.Default;
        while (client.State != BatonConnectionState.Connected || client.CurrentServer != second.Url)
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"the client did not move to {second.Url}: {client.State}, {client.CurrentServer}");
            await Task.Delay(20, ct);
        }

        var beat = await client.HeartbeatAsync(new HeartbeatRequest { Worker = new WorkerId("w1") }, ct);
        Assert.True(beat.IsOk, beat.Error?.Message);
        Assert.Equal(lease, Assert.Single(beat.Value.Renewed).LeaseId);
        var report = await client.ReportAsync(new ReportRequest { TaskId = new TaskId("t1"), Worker = new WorkerId("w1"), Outcome = ReportOutcome.Done, Summary = "done" }, ct);
        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Equal(TaskState.Done, report.Value.Task.State);
    }
}

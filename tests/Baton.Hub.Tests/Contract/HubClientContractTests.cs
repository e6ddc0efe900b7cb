using Baton.Client;
using Baton.Core.Api;
using Baton.Hub.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Baton.Hub.Tests.Contract;

/// <summary>The contract in hub mode: <see cref="BatonClient"/> (as a coordinator acting for its workers) over a real
/// hub on 127.0.0.1 and its SQLite file.</summary>
public sealed class HubClientContractTests : BatonApiContractTests
{
    private TestHub? _hub;
    private BatonClient? _client;

    protected override async Task<(IBatonApi Api, string Root)> OpenAsync(FakeTimeProvider time)
    {
        _hub = await TestHub.StartAsync(time: time);
        var connected = await BatonClient.ConnectAsync(new BatonClientOptions
        {
            Server = _hub.Url,
            Token = _hub.Token,
            Role = "coordinator",
        }, TestContext.Current.CancellationToken);
        Assert.True(connected.IsOk, connected.Error?.Message);
        _client = connected.Value;
        return (_client, Path.GetDirectoryName(_hub.AccessDirectory)!);
    }

    protected override async ValueTask CloseAsync()
    {
        if (_client is not null)
        {
            await _client.DisposeAsync();
        }
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }
}

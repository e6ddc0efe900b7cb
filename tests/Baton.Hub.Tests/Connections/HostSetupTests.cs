using Baton.Hub.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Hub.Tests.Connections;

public sealed class HostSetupTests
{
    [Fact]
    public async Task TheHub_WatchesNoConfigurationFile()
    {
        // With reload on change, the host watches the directory it runs in and all below it (for
        // `baton serve`, the repository): every WAL write and every file an agent saves became a file event.
        await using var hub = await TestHub.StartAsync();
        var configuration = (IConfigurationRoot)hub.Hub.Services.GetRequiredService<IConfiguration>();
        var watching = configuration.Providers.OfType<FileConfigurationProvider>().Where(p => p.Source.ReloadOnChange).ToList();
        Assert.True(watching.Count == 0, "watched: " + string.Join(", ", watching.Select(p => p.Source.Path)));
        Assert.NotEmpty(configuration.Providers);
    }
}

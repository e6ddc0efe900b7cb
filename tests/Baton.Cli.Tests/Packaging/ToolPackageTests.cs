using System.Diagnostics;
using System.Reflection;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Packaging;

/// <summary>
/// The `baton` .NET tool as a user gets it: packed into a local feed, installed from that feed alone with
/// <c>dotnet tool install --tool-path</c>, and run. It packs the build this suite has just made
/// (<c>dotnet pack --no-build</c>: a publish and a zip, a few seconds) rather than building again, which would
/// take minutes; scripts/check-packages.sh does the whole thing from a fresh pack, for the Native AOT tool
/// (<c>--aot</c>) and the Baton.Client package too.
/// </summary>
public sealed class ToolPackageTests
{
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task PackedTool_InstalledFromALocalFeed_RunsVersionAndDemo()
    {
        using var scratch = new TempRepo();
        var feed = scratch.PathOf("feed");
        var tools = scratch.PathOf("tools");
        var work = scratch.PathOf("work");
        Directory.CreateDirectory(work);
        var config = WriteNuGetConfig(scratch, feed);
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var log = TestContext.Current.TestOutputHelper;
        var clock = Stopwatch.StartNew();

        var pack = await ExternalProcess.RunAsync(dotnet, SourceTree.Root, PackTimeout,
            "pack", Path.Combine("src", "Baton.Cli", "Baton.Cli.csproj"), "-c", Configuration(), "--no-build", "-o", feed, "--nologo");
        Assert.NotNull(pack);
        Assert.True(pack.ExitCode == 0, $"dotnet pack:\n{pack}");
        log?.WriteLine($"pack: {clock.ElapsedMilliseconds} ms");

        clock.Restart();
        // The feed is the only source (the config clears the rest), so a package of the same name elsewhere
        // cannot win and no network is needed.
        var install = await ExternalProcess.RunAsync(dotnet, scratch.Root, PackTimeout,
            "tool", "install", "--tool-path", tools, "--configfile", config, "baton");
        Assert.NotNull(install);
        Assert.True(install.ExitCode == 0, $"dotnet tool install:\n{install}");
        log?.WriteLine($"install: {clock.ElapsedMilliseconds} ms");

        var baton = Path.Combine(tools, OperatingSystem.IsWindows() ? "baton.exe" : "baton");
        var version = await ExternalProcess.RunAsync(baton, work, TestTimeouts.Command, "--version");
        Assert.NotNull(version);
        Assert.True(version.ExitCode == 0, $"baton --version:\n{version}");
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());

        clock.Restart();
        var demo = await ExternalProcess.RunAsync(baton, work, TestTimeouts.Demo, "demo", "--json");
        Assert.NotNull(demo);
        Assert.True(demo.ExitCode == 0, $"baton demo:\n{demo}");
        Assert.True(demo.Json().GetProperty("complete").GetBoolean(), demo.ToString());
        Assert.Equal(3, demo.Json().GetProperty("done").GetInt32());
        // The demo says it is starting before it sets anything up.
        Assert.StartsWith("baton: demo: starting", demo.Stderr, StringComparison.Ordinal);
        log?.WriteLine($"demo: {clock.ElapsedMilliseconds} ms");
    }

    private static string WriteNuGetConfig(TempRepo scratch, string feed)
    {
        var path = scratch.PathOf("nuget.config");
        // Its own package folder as well, so the install neither reads nor leaves anything in ~/.nuget/packages.
        File.WriteAllText(path, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{scratch.PathOf("nuget")}" />
              </config>
              <packageSources>
                <clear />
                <add key="baton" value="{feed}" />
              </packageSources>
            </configuration>
            """);
        return path;
    }

    /// <summary>The configuration this suite was built in, so the pack finds that build of src/Baton.Cli.</summary>
    private static string Configuration()
        => typeof(ToolPackageTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
}

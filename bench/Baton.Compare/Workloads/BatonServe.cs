using System.Globalization;
using System.Reflection;
using Baton.Compare.Servers;
using Baton.Storage.Sqlite;

namespace Baton.Compare.Workloads;

/// <summary>Which <c>baton</c> runs <c>baton serve</c> as a separate process, and how to start it.</summary>
internal sealed record BatonServe(string File, IReadOnlyList<string> Prefix, string Description)
{
    /// <summary>
    /// <paramref name="path"/> (<c>--hub-baton</c>): a <c>baton.dll</c> runs under <c>dotnet</c>, anything else
    /// directly (an apphost or a Native AOT binary). Without it, the Release build of <c>src/Baton.Cli</c> that
    /// building this harness produces (its apphost, so the hub's process id is the hub itself).
    /// </summary>
    public static BatonServe Resolve(string? path)
    {
        if (path is not null)
        {
            return path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
                ? new BatonServe("dotnet", [path], $"`dotnet {Path.GetFileName(path)} serve` ({path}, JIT)")
                : new BatonServe(path, [], $"`{Path.GetFileName(path)} serve` ({path})");
        }
        var directory = typeof(BatonServe).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BatonCliDirectory")?.Value
            ?? throw new InvalidOperationException("this build does not name the baton CLI build; pass --hub-baton PATH");
        var apphost = Path.Combine(directory, "baton");
        var dll = Path.Combine(directory, "baton.dll");
        if (System.IO.File.Exists(apphost))
        {
            return new BatonServe(apphost, [], "`baton serve` (src/Baton.Cli Release build, framework-dependent, JIT)");
        }
        return System.IO.File.Exists(dll)
            ? new BatonServe("dotnet", [dll], "`dotnet baton.dll serve` (src/Baton.Cli Release build, JIT)")
            : throw new InvalidOperationException($"no baton build in {directory}; build src/Baton.Cli in Release or pass --hub-baton PATH");
    }

    /// <summary>Creates an empty store at <paramref name="store"/>: <c>baton serve</c> opens an existing store only,
    /// and this is what <c>baton init</c> would do.</summary>
    public static async Task CreateStoreAsync(string store, CancellationToken cancellationToken)
    {
        await using (await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = store, CreateIfMissing = true, WatchForChanges = false }, cancellationToken))
        {
        }
    }

    /// <summary>Starts <c>baton serve</c> on <paramref name="store"/> (a file, or a <c>postgres://</c> URL) at
    /// http://127.0.0.1:<paramref name="port"/> in <paramref name="directory"/>, with <paramref name="extra"/> options,
    /// without this process's BATON_SERVER and BATON_STORE, and waits until it listens.</summary>
    public Task<ServerProcess> StartAsync(string store, int port, string directory, CancellationToken cancellationToken, IReadOnlyList<string>? extra = null)
        => ServerProcess.StartAsync("baton serve", File,
            [.. Prefix, "serve", "--store", store, "--urls", $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", .. extra ?? []],
            port, "TERM", cancellationToken, directory,
            new Dictionary<string, string?> { ["BATON_SERVER"] = null, ["BATON_STORE"] = null });
}

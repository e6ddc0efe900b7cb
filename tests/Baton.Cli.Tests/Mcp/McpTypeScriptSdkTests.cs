using System.Text.Json;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Mcp;

/// <summary>
/// <c>baton mcp</c> with the official TypeScript SDK (<c>@modelcontextprotocol/sdk</c>), the client most agents
/// embed: the script under Mcp/node spawns baton over stdio, lists the tools, calls every one of them and runs a
/// claim/report cycle.
/// </summary>
public sealed class McpTypeScriptSdkTests
{
    private static readonly TimeSpan Install = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Script = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task TypeScriptSdk_ListsToolsAndRunsClaimReportCycle()
    {
        var scriptDirectory = Path.Combine(RepoRoot(), "tests", "Baton.Cli.Tests", "Mcp", "node");
        await EnsureInstalledAsync(scriptDirectory);
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");

        var run = await ExternalProcess.RunAsync("node", scriptDirectory, Script,
            "e2e.mjs", BatonExecutable.Command, BatonExecutable.Prefix.Count > 0 ? BatonExecutable.Prefix[0] : "-", repo.PathOf(".baton/baton.db"));

        Assert.NotNull(run);
        Assert.True(run.ExitCode == 0, run.ToString());
        var summary = JsonDocument.Parse(run.Stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal("baton", summary.GetProperty("server").GetString());
        var tools = summary.GetProperty("tools").EnumerateArray().ToList();
        Assert.Contains(tools, t => t.GetProperty("name").GetString() == "claim_task");
        Assert.All(tools, t => Assert.Equal("object", t.GetProperty("schema_type").GetString()));
        Assert.Equal("e1", summary.GetProperty("created")[0].GetString());
        Assert.Equal("e1", summary.GetProperty("claimed_task").GetString());
        Assert.Contains("out/e1.txt", summary.GetProperty("claimed_text").GetString(), StringComparison.Ordinal);
        Assert.Equal("done", summary.GetProperty("reported_state").GetString());
        Assert.True(summary.GetProperty("again_error").GetBoolean());
        Assert.StartsWith("no_task: ", summary.GetProperty("again_text").GetString(), StringComparison.Ordinal);
        Assert.Contains("plan is complete", summary.GetProperty("again_text").GetString(), StringComparison.Ordinal);
        // Every tool was called and the SDK accepted every result: structuredContent is an object for each.
        Assert.Empty(summary.GetProperty("uncalled").EnumerateArray());
        Assert.Empty(summary.GetProperty("sdk_errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["e2"], summary.GetProperty("inbox_tasks").EnumerateArray().Select(e => e.GetString()));
        // An unknown tool is a protocol error (JSON-RPC -32602, invalid params), not a tool result.
        Assert.Equal(-32602, summary.GetProperty("unknown_tool_code").GetInt32());
        // The SDK negotiates a protocol with structuredContent, so every result is one text block (no JSON copy).
        Assert.Equal([1], summary.GetProperty("block_counts").EnumerateArray().Select(e => e.GetInt32()));
    }

    // node_modules is not committed: install once from the lock file, then reuse it.
    private static async Task EnsureInstalledAsync(string scriptDirectory)
    {
        var node = await ExternalProcess.RunAsync("node", scriptDirectory, Script, "--version");
        Assert.True(node is { ExitCode: 0 },
            "node is not installed: the TypeScript MCP SDK end-to-end test needs node and npm on PATH (apt-get install nodejs npm; .ci/run installs them)");
        if (Directory.Exists(Path.Combine(scriptDirectory, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            return;
        }
        var verb = File.Exists(Path.Combine(scriptDirectory, "package-lock.json")) ? "ci" : "install";
        var npm = await ExternalProcess.RunAsync("npm", scriptDirectory, Install, verb, "--no-audit", "--no-fund");
        Assert.True(npm is not null,
            "npm is not installed: the TypeScript MCP SDK end-to-end test needs node and npm on PATH (apt-get install nodejs npm; .ci/run installs them)");
        Assert.True(npm.ExitCode == 0, $"npm {verb} in {scriptDirectory} failed:\n{npm}");
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Baton.slnx above {AppContext.BaseDirectory}");
    }
}

using System.Text.Json.Nodes;

namespace Baton.Cli.Init;

/// <summary>
/// One entry Baton keeps in an agent's JSON configuration (an MCP server, a stop hook), merged into whatever else
/// the file holds: other servers and hooks are never touched, and an entry the user customized is kept.
/// </summary>
internal sealed record JsonEntry(string Path, string What, Func<JsonObject, JsonEntryState> Find, Action<JsonObject> Add)
{
    public const string BatonCommand = "baton";

    /// <summary><c>{"mcpServers": {"baton": {"command": "baton", "args": ["mcp"]}}}</c> (Cursor .cursor/mcp.json, Claude .mcp.json).</summary>
    public static JsonEntry McpServer(string path) => new(path, "the baton MCP server",
        root => root["mcpServers"]?[BatonCommand] is not { } server ? JsonEntryState.Missing
            : JsonNode.DeepEquals(server, McpServerValue()) ? JsonEntryState.Current : JsonEntryState.Customized,
        root => Obj(root, "mcpServers")[BatonCommand] = McpServerValue());

    /// <summary>Cursor <c>.cursor/hooks.json</c>: <c>{"version": 1, "hooks": {"stop": [{"command": ..., "loop_limit": N}]}}</c>.</summary>
    public static JsonEntry CursorStopHook(string path) => new(path, "the baton stop hook",
        root => Classify(Array(root["hooks"]?["stop"]), "cursor"),
        root =>
        {
            root["version"] ??= 1;
            Arr(Obj(root, "hooks"), "stop").Add((JsonNode)new JsonObject { ["command"] = HookCommand("cursor"), ["loop_limit"] = CursorLoopLimit });
        });

    /// <summary>Claude Code <c>.claude/settings.json</c>: <c>{"hooks": {"Stop": [{"hooks": [{"type": "command", "command": ...}]}]}}</c>.</summary>
    public static JsonEntry ClaudeStopHook(string path) => StopHookGroup(path, "claude");

    /// <summary>Claude Code <c>.claude/settings.json</c>: <c>{"env": {"CLAUDE_CODE_STOP_HOOK_BLOCK_CAP": "100"}}</c>. Claude
    /// Code ends a turn after 8 Stop-hook blocks in a row unless this variable says more, and every task the hook hands
    /// over is a block: without it a hook-driven worker stops after about 8 tasks. The settings' <c>env</c> applies to
    /// every session in the project. A value the user set is kept.</summary>
    public static JsonEntry ClaudeStopHookBlockCap(string path) => new(path, $"the {ClaudeBlockCapVariable} setting",
        root => root["env"]?[ClaudeBlockCapVariable] is not { } value ? JsonEntryState.Missing
            : value.GetValueKind() == System.Text.Json.JsonValueKind.String && (string?)value == ClaudeBlockCap ? JsonEntryState.Current
            : JsonEntryState.Customized,
        root => Obj(root, "env")[ClaudeBlockCapVariable] = ClaudeBlockCap);

    /// <summary>Claude Code's cap on consecutive Stop-hook blocks (default 8; changelog 2.1.143).</summary>
    public const string ClaudeBlockCapVariable = "CLAUDE_CODE_STOP_HOOK_BLOCK_CAP";

    /// <summary>Tasks (and report reminders) one worker chat may be handed in a row without the engineer typing.
    /// Loops are ended by the hook's own guard (<c>--max-blocks</c> reminders about the same task), not by this cap.</summary>
    public const string ClaudeBlockCap = "100";

    /// <summary>Codex <c>.codex/hooks.json</c>: the same document as Claude Code's (Codex took its hook format).</summary>
    public static JsonEntry CodexStopHook(string path) => StopHookGroup(path, "codex");

    private static JsonEntry StopHookGroup(string path, string agent) => new(path, "the baton Stop hook",
        root => Classify(Array(root["hooks"]?["Stop"])?.SelectMany(group => Array(group?["hooks"]) ?? []), agent),
        root => Arr(Obj(root, "hooks"), "Stop").Add((JsonNode)new JsonObject
        {
            ["hooks"] = new JsonArray(new JsonObject { ["type"] = "command", ["command"] = HookCommand(agent), ["timeout"] = ClaudeHookTimeoutSeconds }),
        }));

    /// <summary>Cursor stops following up after this many follow-ups in one conversation: enough for a long plan,
    /// while Baton's own no-progress guard ends a loop long before.</summary>
    public const int CursorLoopLimit = 50;

    /// <summary>The hook claims with a 30 s wait; Claude's default hook timeout (60 s) would do, this leaves room.
    /// Codex reads the same <c>timeout</c> (seconds).</summary>
    public const int ClaudeHookTimeoutSeconds = 120;

    public static string HookCommand(string agent) => $"{BatonCommand} hook stop --agent {agent}";

    private static JsonObject McpServerValue() => new() { ["command"] = BatonCommand, ["args"] = new JsonArray("mcp") };

    private static JsonEntryState Classify(IEnumerable<JsonNode?>? hooks, string agent)
    {
        var commands = (hooks ?? []).Select(h => h?["command"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? (string?)h["command"] : null).ToList();
        return commands.Contains(HookCommand(agent)) ? JsonEntryState.Current
            : commands.Any(c => c?.Contains("hook stop", StringComparison.Ordinal) == true && c.Contains(BatonCommand, StringComparison.Ordinal)) ? JsonEntryState.Customized
            : JsonEntryState.Missing;
    }

    private static JsonArray? Array(JsonNode? node) => node as JsonArray;

    private static JsonObject Obj(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject found)
        {
            return found;
        }
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    private static JsonArray Arr(JsonObject parent, string name)
    {
        if (parent[name] is JsonArray found)
        {
            return found;
        }
        var created = new JsonArray();
        parent[name] = created;
        return created;
    }
}

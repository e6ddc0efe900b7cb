namespace Baton.Cli.Init;

/// <summary>The agents <c>baton init --agent</c> writes instruction packs for.</summary>
[Flags]
internal enum AgentKind
{
    None = 0,

    /// <summary>.cursor/rules/*.mdc, .cursor/mcp.json, .cursor/hooks.json.</summary>
    Cursor = 1,

    /// <summary>CLAUDE.md section, .mcp.json, .claude/commands/baton-work.md, .claude/settings.json Stop hook.</summary>
    Claude = 2,

    /// <summary>AGENTS.md section (Codex and every other agent that reads AGENTS.md), .codex/config.toml MCP server,
    /// .codex/hooks.json Stop hook.</summary>
    Codex = 4,

    /// <summary>What <c>init</c> writes when no agent is named.</summary>
    Default = Cursor | Codex,

    All = Cursor | Claude | Codex,
}

using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Init;
using Baton.Hub.Stores;

namespace Baton.Cli.Commands;

/// <summary><c>baton init</c>: the store and the agents' instruction packs.</summary>
internal static class InitCommand
{
    private static readonly Option<bool> ForceRules = new("--force-rules")
    {
        Description = "Replace rule files and Baton's sections even where you edited them.",
    };

    private static readonly Option<string[]> Agent = CreateAgent();

    private static readonly Option<bool> Check = new("--check")
    {
        Description = "Write nothing: list each file as ok, missing, stale or edited; exit 1 if anything is missing or stale.",
    };

    public static Command Create()
    {
        var command = new Command("init", """
            Set up this directory for Baton: the store, .baton/.gitignore, and each agent's pack. The store is
            .baton/baton.db (SQLite), or what --store (or BATON_STORE) names: a PostgreSQL database
            (postgres://user[:password]@host:port/db, or Host=...;Database=...), whose tables are made, or a file
            elsewhere; either is recorded in .baton/store (owner-only: it may hold a password), so later verbs and
            'baton serve' here find it without --store. A database that does not exist exits 2, one that does not
            answer 6, a refused login 8; nothing is written then. The packs:
              cursor: .cursor/rules/baton-coordinator.mdc and baton-worker.mdc, .cursor/mcp.json, .cursor/hooks.json (stop hook)
              claude: a Baton section in CLAUDE.md, .mcp.json, .claude/commands/baton-work.md, .claude/settings.json (Stop hook)
              codex:  a Baton section in AGENTS.md (read by Codex and most other agents), .codex/config.toml
                      ([mcp_servers.baton]), .codex/hooks.json (Stop hook)
            Default: cursor and codex (or the agents of the last init). Existing files are merged, never clobbered:
            text outside Baton's marked sections and other JSON and TOML entries are kept, and files you edited are kept.
            Safe to run again: unchanged files are not rewritten.
            """);
        command.Options.Add(Agent);
        command.Options.Add(Check);
        command.Options.Add(ForceRules);
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            var check = parseResult.GetValue(Check);
            var agents = AgentKinds.Parse(parseResult.GetValue(Agent) ?? []);
            return VerbRunner.GuardAsync(json, async () =>
            {
                InitOutput result;
                try
                {
                    var store = StoreLocator.Explicit(parseResult.GetValue(CommonOptions.Store))?.Value;
                    result = await InitWriter.RunAsync(Environment.CurrentDirectory, parseResult.GetValue(ForceRules), agents, check, store, ct);
                }
                catch (StoreOpenException ex)
                {
                    // A bad --store, or a database that does not exist, answer or let us in: nothing was written.
                    return Output.Fail(ex.Code, ex.Message, json);
                }
                var problems = result.Files.Count(f => f.Action is "missing" or "stale");
                if (json)
                {
                    Output.Json(result, CliJsonContext.Default.InitOutput);
                }
                else
                {
                    foreach (var file in result.Files)
                    {
                        Output.Line($"{file.Action,-11} {file.Path}{(file.Note is { } note ? $"  ({note})" : "")}");
                    }
                    Output.Line(check
                        ? problems == 0 ? $"all current ({string.Join(", ", result.Agents)})" : $"{problems} file(s) missing or stale: run 'baton init{AgentArgs(result.Agents)}'"
                        : "next: write a plan and run 'baton task import plan.json', or try 'baton demo'");
                }
                return check && problems > 0 ? 1 : 0;
            }, ct);
        });
        return command;
    }

    private static string AgentArgs(IReadOnlyList<string> agents) => string.Concat(agents.Select(a => $" --agent {a}"));

    private static Option<string[]> CreateAgent()
    {
        var option = new Option<string[]>("--agent")
        {
            Description = "Write the pack for this agent: cursor, claude, codex or all (repeatable, or comma-separated).",
            AllowMultipleArgumentsPerToken = false,
            HelpName = "agent",
        };
        option.Validators.Add(result =>
        {
            foreach (var name in (result.GetValueOrDefault<string[]>() ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!AgentKinds.Names.Contains(name.ToLowerInvariant()))
                {
                    result.AddError($"--agent: '{name}' is not one of {string.Join(", ", AgentKinds.Names)}");
                }
            }
        });
        return option;
    }
}

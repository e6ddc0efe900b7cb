namespace Baton.Cli.Init;

/// <summary>What <c>baton init --agent claude</c> writes for Claude Code: a CLAUDE.md section and the
/// <c>/baton-work</c> slash command.</summary>
internal static class ClaudeInstructions
{
    public const string ClaudeMdPath = "CLAUDE.md";
    public const string McpPath = ".mcp.json";
    public const string SettingsPath = ".claude/settings.json";
    public const string WorkCommandPath = ".claude/commands/baton-work.md";

    public const string Section = """
        <!-- baton:begin -->
        ## Baton: parallel agents on this repository

        This repository uses Baton (`baton`, also the `baton` MCP server in `.mcp.json`) to split work among several
        agents: one coordinator, several workers. Every command takes `--json`.

        **Coordinator** (you do not do the work yourself):
        - Split the work into independent tasks: disjoint `files` globs (overlapping tasks never run at once),
          `depends_on` where one needs another's result, one focused session each.
        - Give each task full context so the worker needs no questions (what and why, decisions, conventions,
          `context_files` to read first); workers rate it 1-5 (context score): aim for 5.
        - Give acceptance the machine can check: `{"check": "file_exists", "path": "..."}`,
          `not_empty`, `json_valid` (with an optional `schema`), `contains` (`pattern`), `command`
          (`"run": ["python3", "-m", "unittest"]`), `files_within`. Plain-text criteria are allowed beside them.
        - Write `plan.json` (`{"tasks": [...]}`; `baton task format` lists every field and check) and run `baton task import plan.json`
          (or the MCP tool `create_tasks`). Or let Baton start the workers: `baton run --agent "claude -p ..." --workers 3 --plan plan.json`.
        - Wait, do not poll: `baton wait --all --timeout 110s --json` (your Bash tool stops a command after 2 minutes;
          exit 1 = timed out, run it again; exit 0 = all done; exit 7 = something is stuck).
        - Stuck tasks are in `baton inbox` with every attempt, report and check output. Decide each on the same task
          (never add a duplicate): `baton resolve ID --retry --note "..."`, `--edit task.json`
          (`{"title", "description", "context"}`), `--done` or `--cancel`. Ask the engineer what a `blocked` report asks.

        **Worker**: run `/baton-work NAME`, or loop yourself:
        1. `baton claim --worker NAME --wait 110 --json` (MCP: `claim_task`); your Bash tool stops a command after 2
           minutes, so keep the wait under that. Exit 3 = nothing ready yet: claim again, unless `baton status --json`
           says `"complete": true` or only escalated tasks are left (then stop)
        2. do the task, touching only its `files`; every few minutes `baton heartbeat --worker NAME --task ID --note "..."`
        3. `baton report ID --worker NAME --outcome done --summary "..." --files PATH --context-score 1-5`
           (`failed`: you tried and could not; `blocked`: a human must decide, say which decision)
        4. claim again. When `BATON_WORKER` is set, Baton's Stop hook hands you the next task when your turn ends
           (up to 100 in a row, `CLAUDE_CODE_STOP_HOOK_BLOCK_CAP` in `.claude/settings.json`; past that, claim again).
        <!-- baton:end -->
        """;

    public const string WorkCommand = """
        ---
        description: Work as a Baton worker - claim tasks, do them, report them, until the plan is done
        argument-hint: [worker-name]
        ---
        You are a Baton worker named $ARGUMENTS (if that is empty, use $BATON_WORKER, else `worker-1`). Work through
        Baton's tasks one at a time until none is left. Use the same worker name in every call.

        1. Claim: `baton claim --worker NAME --wait 110 --json` (or the `claim_task` tool of the `baton` MCP server).
           Claude Code's Bash tool stops a command after 2 minutes, so the wait stays under that; do not raise it.
           It blocks until a task is ready and prints it in full: description, context, context_files, acceptance
           (plain text and machine checks), files, attempt, `history` (what earlier attempts did) and `feedback` (why
           the last attempt failed, e.g. the failing check's output: fix that first). Exit code 3: nothing became
           ready in 110 seconds. Run `baton status --json`: `"complete": true` -> stop and say so; only escalated
           tasks left -> stop, they wait for the engineer; otherwise claim again.
        2. Do the task: read the context files first, change only files matching the task's `files`, meet every
           acceptance criterion and run the checks' commands yourself before reporting.
        3. During long work, every few minutes: `baton heartbeat --worker NAME --task ID --note "progress"`.
           Without it the lease expires and the task goes to another worker.
        4. Report: `baton report ID --worker NAME --outcome done --summary "what you did" --files PATH --files PATH --context-score N`
           - context score: 5 = the task had everything you needed, 1 = you had to guess; say what was missing in `--notes`.
           - `--outcome failed`: you tried and could not (say what you tried); another attempt may succeed.
           - `--outcome blocked`: only a human can decide (missing access, contradictory requirements, files outside
             `files` must change); say exactly which decision is needed.
        5. Go back to step 1.

        Exit code 4 from heartbeat or report: your lease was lost and the task reassigned; do not report it again,
        claim the next one.
        """;
}

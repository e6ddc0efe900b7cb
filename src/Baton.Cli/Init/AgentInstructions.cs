namespace Baton.Cli.Init;

/// <summary>What <c>baton init</c> writes for the agents. Changing a text here updates files Baton wrote
/// earlier on the next <c>init</c>, but never files the user edited.</summary>
internal static class AgentInstructions
{
    public const string CoordinatorRulePath = ".cursor/rules/baton-coordinator.mdc";
    public const string WorkerRulePath = ".cursor/rules/baton-worker.mdc";
    public const string AgentsMdPath = "AGENTS.md";

    /// <summary>Codex reads a project's MCP servers from <c>.codex/config.toml</c> (in a trusted project).</summary>
    public const string CodexConfigPath = ".codex/config.toml";

    /// <summary>Codex reads a project's hooks from <c>.codex/hooks.json</c>, in Claude Code's format.</summary>
    public const string CodexHooksPath = ".codex/hooks.json";

    /// <summary><c>[mcp_servers.baton]</c> with <c>command = "baton"</c>, <c>args = ["mcp"]</c>.</summary>
    public static readonly IReadOnlyList<string> CodexMcpTable = ["mcp_servers", JsonEntry.BatonCommand];

    public static readonly IReadOnlyDictionary<string, string> CodexMcpValues = new Dictionary<string, string>
    {
        ["command"] = "\"baton\"",
        ["args"] = "[\"mcp\"]",
    };
    public const string SectionBegin = "<!-- baton:begin -->";
    public const string SectionEnd = "<!-- baton:end -->";

    /// <summary>Both Cursor rules are Manual rules (Cursor's rule types: empty <c>description</c>, no <c>globs</c>,
    /// <c>alwaysApply: false</c>): Cursor never attaches them by itself, the engineer attaches <c>@baton-coordinator</c>
    /// to the coordinator chat and <c>@baton-worker</c> to each worker chat. With a description they would be
    /// "agent requested", and the model of a worker chat could pull in "You are the coordinator".</summary>
    public const string CoordinatorRule = """
        ---
        description:
        globs:
        alwaysApply: false
        ---
        # Baton coordinator

        (A manual rule: it loads only into the chat the engineer attaches it to with `@baton-coordinator`. If you are
        a worker, `BATON_WORKER` is set or you were attached `@baton-worker`, ignore this rule.)

        You are the coordinator. You do not do the work yourself: you split it into tasks that worker agents
        claim, do and report through Baton (the `baton` command). Every command takes `--json` for output you can parse.

        ## 1. Split the work into tasks
        - Independent: a worker sees only its own task. Tasks whose `files` globs overlap never run at the same time,
          so prefer tasks that touch disjoint files; use `depends_on` when one task needs another's result.
        - Full context, so the worker has no questions: what and why, decisions already taken, conventions, names,
          interfaces to use, and the files to read first (`context_files`). Workers rate the context 1-5 in their
          reports (the context score): aim for 5, and read the notes of any report below 4.
        - Explicit files: the globs the task may change (`files`), e.g. `src/api/users.cs`, `docs/**/*.md`.
        - Acceptance the machine can check: besides plain-text criteria, give check objects Baton runs on a done
          report (`baton task format` lists every field and check): `{"check": "file_exists", "path": "..."}`, `{"check": "not_empty", "path": "..."}`,
          `{"check": "json_valid", "path": "...", "schema": "..."}`, `{"check": "contains", "path": "...", "pattern": "regex"}`,
          `{"check": "command", "run": ["python3", "-m", "unittest"], "timeout": 600}` and `{"check": "files_within"}`
          (the worker changed only the task's files). A failed check sends the task back with the output as feedback.
        - Size: one focused session of work (minutes to an hour), not a whole feature.

        ## 2. Write the plan and import it
        Write `plan.json`:
        ```json
        {"tasks": [
          {"id": "users-api", "title": "Add the users endpoint", "description": "...", "context": "...",
           "context_files": ["docs/api.md"], "files": ["src/api/users.cs", "tests/api/users_tests.cs"],
           "acceptance": ["GET /users returns 200 with a JSON list",
                          {"check": "command", "run": ["dotnet", "test", "tests/Api.Tests"], "timeout": 600},
                          {"check": "files_within"}],
           "depends_on": [], "priority": 0}
        ]}
        ```
        Then run `baton task import plan.json`. The import is all or nothing: exit code 2 lists every problem with its
        JSON path; fix them and import again. A single task: `baton task add --title "..." --description "..." --files "src/x.cs" --accept "..."`.
        With the Baton MCP server configured, the `create_tasks` tool does the same.
        To have Baton start the worker agents itself, one git worktree each: `baton run --agent "CMD" --workers N --plan plan.json`.

        ## 3. Wait, then act on the inbox
        - Wait instead of polling: `baton wait --all --timeout 110s --json` blocks until every task is finished or
          stuck (exit 0: all done; exit 7: something failed, was cancelled, is escalated or can never run; exit 1: the
          timeout passed, run it again). Keep `--timeout` under your shell tool's time limit (Claude Code stops a
          command after 2 minutes by default). With the MCP server: `wait_for_completion`.
        - `baton inbox` (`--json`; MCP `inbox`) lists every task that needs a decision: attempts used up, failed
          checks, `blocked` reports, conflicting edits, edits outside a task's files, with every attempt, report and
          check output. Decide each one on the same task, never by adding a duplicate:
          - `baton resolve ID --retry --note "..."` (add `--description` / `--context` to say more): back to ready with a
            fresh attempt budget; the note reaches the next worker.
          - `baton resolve ID --edit task.json` (`{"title", "description", "context"}`, any of them): retry with new text.
          - `baton resolve ID --done --note "..."`: accept the work as it is.
          - `baton resolve ID --cancel --note "..."`: drop the task (its dependents can then never run).
          A `blocked` report asks a question only the engineer can answer: ask them, then resolve with their answer.
        - `baton status`, `baton task list`, `baton task show ID` (attempts, reports with summary, files and context
          score) and `baton events --follow --json` show more when you need it.
        - When complete: review the reports and the changed files, run the tests, and tell the engineer what was done.

        Exit codes: 0 ok, 2 bad input, 3 nothing to claim, 4 refused (lease not held or expired), 5 not found
        (no `.baton` store: run `baton init`), 6 hub unreachable, 1 other.

        """;

    public const string WorkerRule = """
        ---
        description:
        globs:
        alwaysApply: false
        ---
        # Baton worker

        (A manual rule: it loads only into the chat the engineer attaches it to with `@baton-worker`.)

        You are a worker. You take tasks from Baton one at a time, do them and report them. Use one worker name in
        every call (the one you were given, else e.g. `worker-1`); `BATON_WORKER` may already set it.

        ## The loop
        1. Claim: `baton claim --worker NAME --wait 110 --json` (or the MCP tool `claim_task`)
           It blocks until a task is ready and prints it: title, description, context, context_files, acceptance,
           files, attempt, lease, `history` (what earlier attempts did) and `feedback` (why the last attempt failed,
           e.g. a failing check's output: fix that first). Keep `--wait` under your terminal tool's time limit (110
           seconds fits a 2-minute limit); a command the tool stops is a lost claim.
           Exit code 3 means nothing became ready in that time: run `baton status --json`. If `complete` is true, stop
           and say so. If tasks are still leased, checking, ready or pending, claim again. If only escalated tasks are
           left, stop: they wait for the engineer.
        2. Do the task: read the context files first, change only files that match the task's `files`, meet every
           acceptance criterion, run the relevant tests.
        3. During long work, every few minutes, renew the lease or the task is given to another worker:
           `baton heartbeat --worker NAME --task ID --note "what is done so far"`
        4. Report:
           `baton report ID --worker NAME --outcome done --summary "what you did" --files path/a --files path/b --context-score N`
           - `--context-score`: 5 = the task had everything you needed, 1 = you had to guess most of it.
             Put what was missing in `--notes`.
           - `--outcome failed`: you tried and could not do it; the summary says what you tried and what went wrong
             (another attempt may succeed).
           - `--outcome blocked`: it cannot be done without a human decision (missing access, contradictory
             requirements, files outside `files` must change); say exactly which decision is needed.
           - To stop without finishing: `baton release ID --worker NAME --reason "..."`.
        5. Claim again (step 1). Do not stop after one task. (Where Baton's stop hook is installed, ending your turn
           also hands you the next task, or tells you to report first.)

        Exit code 4 from heartbeat or report: your lease expired or the task was taken over. Do not report it again;
        claim the next task.

        """;

    /// <summary>The AGENTS.md section: self-contained (Codex may be the only agent, so it names no file of another
    /// agent's pack), both roles in short.</summary>
    public const string AgentsSection = """
        <!-- baton:begin -->
        ## Baton: parallel agents on this repository

        This repository uses Baton (`baton`; also the `baton` MCP server, for Codex in `.codex/config.toml`) to split
        work among several agents: one coordinator, the others workers. Every command takes `--json`; state lives in
        `.baton/baton.db` (or a hub given by `--server`). Exit codes: 0 ok, 2 bad input, 3 nothing to claim, 4 lease
        not held or expired, 5 not found (no `.baton`: run `baton init`), 6 hub unreachable, 7 something is stuck.

        **Coordinator** (only when the engineer makes you one; you do not do the work yourself):
        - Split the work into independent tasks: disjoint `files` globs (overlapping tasks never run at once),
          `depends_on` where one needs another's result, one focused session each.
        - Give each task full context so the worker needs no questions (what and why, decisions, conventions,
          `context_files` to read first); workers rate it 1-5 (context score): aim for 5.
        - Give acceptance the machine can check: `{"check": "file_exists", "path": "..."}`, `not_empty`, `json_valid`
          (optional `schema`), `contains` (`pattern`), `command` (`"run": ["python3", "-m", "unittest"]`,
          `"timeout": 600`), `files_within` (only the task's files changed); plain-text criteria beside them.
        - Write `plan.json` (`{"tasks": [{"id", "title", "description", "context", "context_files", "files",
          "acceptance", "depends_on"}]}`) and run `baton task import plan.json` (all or nothing: exit 2 lists every
          problem with its JSON path). Or `baton run --agent "CMD" --workers N --plan plan.json`.
        - Wait, do not poll: `baton wait --all --timeout 110s --json` (exit 1 = timed out, run it again; 0 = all done;
          7 = something is stuck). Keep the wait under your shell tool's time limit, or raise that limit.
        - Stuck tasks are in `baton inbox` with every attempt, report and check output. Decide each on the same task
          (never add a duplicate): `baton resolve ID --retry --note "..."`, `--edit task.json`
          (`{"title", "description", "context"}`), `--done` or `--cancel`. Ask the engineer what a `blocked` report asks.

        **Worker** (`BATON_WORKER` holds your name; use it in every call):
        1. `baton claim --worker NAME --wait 110 --json` (MCP: `claim_task`). Keep the wait under your shell tool's
           time limit (with a shorter limit, raise the command's timeout or wait less). It prints the task: description,
           context, context_files, acceptance, files, `history` and `feedback` (why the last attempt failed: fix that
           first). Exit 3: nothing ready yet; if `baton status --json` says `"complete": true`, or only escalated tasks
           are left, stop; otherwise claim again.
        2. Do the task: read the context files first, change only files matching its `files`, meet every acceptance
           criterion. During long work, every few minutes: `baton heartbeat --worker NAME --task ID --note "..."`.
        3. `baton report ID --worker NAME --outcome done --summary "..." --files PATH --context-score 1-5`
           (`--outcome failed`: you tried and could not; `blocked`: a human must decide, say which decision;
           `baton release ID --worker NAME --reason "..."` to give it back). Exit 4: the lease was lost, do not report
           again.
        4. Claim again. Where Baton's Stop hook is installed (for Codex `.codex/hooks.json`), ending your turn also
           hands you the next task, or tells you to report first.
        <!-- baton:end -->
        """;
}

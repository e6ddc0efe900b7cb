namespace Baton.Cli.Init;

/// <summary>What <c>baton init</c> writes for the agents. Changing a text here updates files Baton wrote
/// earlier on the next <c>init</c>, but never files the user edited.</summary>
internal static class AgentInstructions
{
    public const string CoordinatorRulePath = ".cursor/rules/baton-coordinator.mdc";
    public const string WorkerRulePath = ".cursor/rules/baton-worker.mdc";
    public const string AgentsMdPath = "AGENTS.md";
    public const string SectionBegin = "<!-- baton:begin -->";
    public const string SectionEnd = "<!-- baton:end -->";

    public const string CoordinatorRule = """
        ---
        description: Baton coordinator - split work into tasks for parallel worker agents, import them with baton, watch progress
        globs:
        alwaysApply: false
        ---
        # Baton coordinator

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
          report (see docs/checks.md): `{"check": "file_exists", "path": "..."}`, `{"check": "not_empty", "path": "..."}`,
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

        ## 3. Watch and react
        - `baton status` shows counts, progress and each worker; `baton status --json` has `"complete": true` once every
          task is finished. `baton status --watch` redraws live.
        - `baton task list` and `baton task show ID` (attempts, reports with summary, files and context score, events);
          `baton events --follow --json` streams every change as it happens.
        - A task that ends `failed`, `escalated` or reported `blocked`: read its reports with `baton task show ID`, then
          add a better-specified task or cancel it (`baton task cancel ID --reason "..."`).
        - When complete: review the reports and the changed files, run the tests, and tell the engineer what was done.

        Exit codes: 0 ok, 2 bad input, 3 nothing to claim, 4 refused (lease not held or expired), 5 not found
        (no `.baton` store: run `baton init`), 6 hub unreachable, 1 other.

        """;

    public const string WorkerRule = """
        ---
        description: Baton worker - claim a task with baton, do it, report it, claim the next
        globs:
        alwaysApply: false
        ---
        # Baton worker

        You are a worker. You take tasks from Baton one at a time, do them and report them. Use one worker name in
        every call (the one you were given, else e.g. `worker-1`); `BATON_WORKER` may already set it.

        ## The loop
        1. Claim: `baton claim --worker NAME --wait 600 --json` (or the MCP tool `claim_task`)
           It blocks until a task is ready and prints it: title, description, context, context_files, acceptance,
           files, attempt, lease, and `history` (what earlier attempts did: do not repeat their mistakes).
           Exit code 3 means nothing is ready: run `baton status --json`; if `complete` is true, stop and say so,
           otherwise claim again.
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

    public const string AgentsSection = """
        <!-- baton:begin -->
        ## Baton: parallel agents on this repository

        This repository uses Baton (`baton`) to split work among several agents. One agent is the coordinator,
        the others are workers. Every command takes `--json`; state lives in `.baton/baton.db` (or a hub given by `--server`).

        **Coordinator**: split the work into independent tasks, each with full context, explicit `files` globs
        and acceptance criteria; write them to `plan.json` (`{"tasks": [...]}`) and run `baton task import plan.json`;
        follow progress with `baton status` (`--json` has `"complete": true` when all tasks are finished) and read
        reports with `baton task show ID`. Details: `.cursor/rules/baton-coordinator.mdc`.

        **Worker**: loop
        1. `baton claim --worker NAME --wait 600 --json` (exit 3: nothing ready; stop if `baton status --json` says complete)
        2. do the task, touching only its `files`; during long work `baton heartbeat --worker NAME --task ID --note "..."`
        3. `baton report ID --worker NAME --outcome done --summary "..." --files PATH --context-score 1-5`
           (`--outcome failed` if you could not do it, `blocked` if a human must decide)
        4. claim again.
        Details: `.cursor/rules/baton-worker.mdc`.
        <!-- baton:end -->
        """;
}

using System.CommandLine;
using Baton.Cli.Infrastructure;

namespace Baton.Cli.Commands;

/// <summary><c>baton task format [--schema]</c>: the plan format as an agent needs it, from the binary itself, so a
/// repository that has no copy of Baton's docs (every user's) can still be pointed at it by the agent packs.</summary>
internal static class TaskFormatCommand
{
    private const string SchemaResource = "Baton.Cli.task.schema.json";

    private static readonly Option<bool> Schema = new("--schema") { Description = "Print the plan's JSON Schema (2020-12) instead, e.g. to save beside a plan for an editor." };

    /// <summary>Every field and check kind in one screen; docs/plan-format.md and docs/checks.md say the rest.</summary>
    public const string Reference = """
        A plan: {"name": "...", "tasks": [TASK, ...]} (or a bare array of tasks). Import: baton task import plan.json
        (all or nothing; every problem is listed with its JSON path, exit 2). Unknown fields are refused.

        TASK fields (snake_case; only title or description is required):
          id             letters, digits . _ -, at most 64; generated when absent
          title          short title (default: the description's first line)
          description    what to do, in full
          context        everything the worker must know (text, or an object kept as JSON)
          context_files  repository files to read first
          acceptance     criteria: plain text, or check objects (below) that Baton runs on the report
          files          globs the task may change; reserved while leased (overlapping tasks never run at once)
          depends_on     ids that must be done first (in this plan or already stored)
          priority       integer, higher first (default 0)
          labels         only workers that accept these labels take the task
          max_attempts   1-100 (default 3), then the task goes to the engineer's inbox
          lease          how long a claim lasts without a heartbeat: "90s", "30m", "1h30m" (default 10m)

        Checks ({"check": KIND, ...}, optional "name"; paths are files inside the repository):
          file_exists   path
          not_empty     path
          json_valid    path, schema (optional JSON Schema file)
          contains      path, pattern (.NET regex), flags (optional: i m s)
          command       run (["python3", "-m", "unittest"] or a string), timeout (seconds, default 60),
                        shell (default false), cwd, env (["NAME", "NAME=value"]); passes on exit 0
          files_within  (none): every file the report lists matches the task's files

        Example:
          {"tasks": [
            {"id": "api", "title": "Add GET /users", "files": ["src/api/Users*.cs"],
             "context": "Follow src/api/Orders.cs.", "acceptance": [{"check": "file_exists", "path": "src/api/Users.cs"}]},
            {"id": "docs", "title": "Document GET /users", "depends_on": ["api"], "files": ["docs/api.md"],
             "acceptance": [{"check": "contains", "path": "docs/api.md", "pattern": "GET /users"}]}]}
        """;

    public static Command Create()
    {
        var command = new Command("format", """
            Print the plan format: every task field and acceptance check kind, with an example (what agents read
            before writing plan.json). --schema prints the JSON Schema instead.
            """);
        command.Options.Add(Schema);
        command.SetAction(parseResult =>
        {
            if (!parseResult.GetValue(Schema))
            {
                Output.Line(Reference);
                return 0;
            }
            using var stream = typeof(TaskFormatCommand).Assembly.GetManifestResourceStream(SchemaResource)
                ?? throw new InvalidOperationException($"resource {SchemaResource} is missing from the build");
            using var reader = new StreamReader(stream);
            Console.Out.Write(reader.ReadToEnd());
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Core.Protocol;

namespace Baton.Cli.Commands;

/// <summary><c>baton task import FILE|-</c>: a whole plan, all or nothing.</summary>
internal static class TaskImportCommand
{
    private const int ShownIds = 20;

    private static readonly Argument<string> File = new("file") { Description = "The plan JSON file ({\"tasks\": [...]}), or - to read stdin." };

    public static Command Create()
    {
        var command = new Command("import", """
            Import a plan: a JSON file {"tasks": [...]} (`baton task format` prints every field; --schema, its JSON Schema).
            All or nothing: on any problem nothing is imported, every problem is listed on stderr, exit 2.
            Example: baton task import plan.json    |    cat plan.json | baton task import -
            """);
        command.Arguments.Add(File);
        command.SetAction(async (parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            var file = parseResult.GetValue(File)!;
            var read = await TextFile.ReadAsync("plan", file, ct);
            if (!read.IsOk)
            {
                return Output.Fail(read.Error, json);
            }
            var text = read.Value;
            return await VerbRunner.RunAsync(parseResult, "coordinator", null, waits: false, async (session, _) =>
            {
                var imported = await session.Api.ImportAsync(text, ct);
                if (!imported.IsOk)
                {
                    return Output.Fail(imported.Error, json);
                }
                var result = imported.Value;
                if (json)
                {
                    Output.Json(result, BatonJsonContext.Default.ImportResult);
                }
                else
                {
                    // A plan of thousands of tasks must not become one enormous line: name the first few.
                    var shown = string.Join(", ", result.Imported.Take(ShownIds));
                    var more = result.Imported.Count > ShownIds ? $", … and {result.Imported.Count - ShownIds} more (--json lists all)" : "";
                    Output.Line($"imported {result.Imported.Count} task(s) as plan {result.Plan}: {shown}{more}");
                }
                foreach (var warning in result.Warnings)
                {
                    Output.Note($"warning: {warning}");
                }
                return 0;
            }, ct);
        });
        return command;
    }
}

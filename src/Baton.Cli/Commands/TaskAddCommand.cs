using System.CommandLine;
using System.Text;
using System.Text.Json;
using Baton.Cli.Infrastructure;

namespace Baton.Cli.Commands;

/// <summary>
/// <c>baton task add</c>: one task from options. It is written as a one-task plan and imported, so the
/// same validation applies as to <c>baton task import</c>.
/// </summary>
internal static class TaskAddCommand
{
    private static readonly Option<string> Title = new("--title") { Description = "Short title (required).", Required = true };
    private static readonly Option<string?> Description = new("--description") { Description = "What to do, in full." };
    private static readonly Option<string?> Context = new("--context") { Description = "Everything the worker needs to know so it has no questions." };
    private static readonly Option<string[]> ContextFiles = new("--context-file") { Description = "A file worth reading first (repeatable)." };
    private static readonly Option<string[]> Files = new("--files") { Description = "A glob of files the task may touch (repeatable)." };
    private static readonly Option<string[]> Accept = new("--accept") { Description = "An acceptance criterion (repeatable)." };
    private static readonly Option<string[]> DependsOn = new("--depends-on") { Description = "A task that must be done first (repeatable)." };
    private static readonly Option<int?> Priority = new("--priority") { Description = "Higher runs first (default 0)." };
    private static readonly Option<string?> Id = new("--id") { Description = "The task's id; generated when absent." };
    private static readonly Option<string[]> Labels = new("--label") { Description = "A label a worker must accept (repeatable)." };
    private static readonly Option<int?> MaxAttempts = new("--max-attempts") { Description = "Attempts before the task is escalated (default 3)." };

    public static Command Create()
    {
        var command = new Command("add", """
            Add one task and print its id.
            Example: baton task add --title "Summarize a.txt" --files "summaries/a.md" --accept "summary has a word count"
            """);
        foreach (var option in new Option[] { Title, Description, Context, ContextFiles, Files, Accept, DependsOn, Priority, Id, Labels, MaxAttempts })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "coordinator", null, waits: false, async (session, json) =>
        {
            var imported = await session.Api.ImportAsync(BuildPlan(parseResult), ct);
            if (!imported.IsOk)
            {
                return Output.Fail(imported.Error, json);
            }
            var result = imported.Value;
            var id = result.Imported[0].Value;
            if (json)
            {
                Output.Json(new TaskAddedOutput { Id = id, Plan = result.Plan, Warnings = result.Warnings }, CliJsonContext.Default.TaskAddedOutput);
            }
            else
            {
                Output.Line(id);
                foreach (var warning in result.Warnings)
                {
                    Output.Note($"warning: {warning}");
                }
            }
            return 0;
        }, ct));
        return command;
    }

    private static string BuildPlan(ParseResult p)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("tasks");
            w.WriteStartObject();
            WriteIfSet(w, "id", p.GetValue(Id));
            w.WriteString("title", p.GetValue(Title));
            WriteIfSet(w, "description", p.GetValue(Description));
            WriteIfSet(w, "context", p.GetValue(Context));
            WriteList(w, "context_files", p.GetValue(ContextFiles));
            WriteList(w, "acceptance", p.GetValue(Accept));
            WriteList(w, "files", p.GetValue(Files));
            WriteList(w, "depends_on", p.GetValue(DependsOn));
            WriteList(w, "labels", p.GetValue(Labels));
            if (p.GetValue(Priority) is { } priority)
            {
                w.WriteNumber("priority", priority);
            }
            if (p.GetValue(MaxAttempts) is { } maxAttempts)
            {
                w.WriteNumber("max_attempts", maxAttempts);
            }
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteList(Utf8JsonWriter w, string name, string[]? values)
    {
        if (values is { Length: > 0 })
        {
            w.WriteStartArray(name);
            foreach (var value in values)
            {
                w.WriteStringValue(value);
            }
            w.WriteEndArray();
        }
    }
}

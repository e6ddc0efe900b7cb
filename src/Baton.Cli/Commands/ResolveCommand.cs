using System.CommandLine;
using System.Text.Json;
using Baton.Cli.Infrastructure;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Cli.Commands;

/// <summary><c>baton resolve ID --retry|--done|--cancel|--edit FILE</c>: the engineer decides.</summary>
internal static class ResolveCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The escalated task." };
    private static readonly Option<bool> Retry = new("--retry") { Description = "Send it back to ready with a fresh attempt budget (optionally with --description/--context)." };
    private static readonly Option<bool> Done = new("--done") { Description = "Accept the work as done." };
    private static readonly Option<bool> Cancel = new("--cancel") { Description = "Cancel the task." };
    private static readonly Option<string?> Edit = new("--edit") { Description = "A JSON file {\"title\", \"description\", \"context\"} (any of them): retry with the new text." };
    private static readonly Option<string?> Description = new("--description") { Description = "New description (with --retry)." };
    private static readonly Option<string?> Context = new("--context") { Description = "New context (with --retry)." };
    private static readonly Option<string?> Note = new("--note") { Description = "Your note: kept with the decision and shown to the next worker." };

    public static Command Create()
    {
        var command = new Command("resolve",
            "Decide an escalated task: --retry, --done, --cancel or --edit FILE. Each decision counts as one engineer intervention (see 'baton stats').");
        command.Arguments.Add(Id);
        foreach (var option in new Option[] { Retry, Done, Cancel, Edit, Description, Context, Note })
        {
            command.Options.Add(option);
        }
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "coordinator", null, waits: false, async (session, json) =>
        {
            var chosen = new[] { parseResult.GetValue(Retry), parseResult.GetValue(Done), parseResult.GetValue(Cancel), parseResult.GetValue(Edit) is not null }.Count(c => c);
            if (chosen != 1)
            {
                return Output.Fail(ErrorCode.BadRequest, "choose exactly one of --retry, --done, --cancel, --edit FILE", json);
            }
            var request = new ResolveRequest
            {
                TaskId = new TaskId(parseResult.GetValue(Id)!),
                Action = parseResult.GetValue(Retry) ? "retry" : parseResult.GetValue(Done) ? "done" : parseResult.GetValue(Cancel) ? "cancel" : "edit",
                Description = parseResult.GetValue(Description),
                Context = parseResult.GetValue(Context),
                Note = parseResult.GetValue(Note),
            };
            if (parseResult.GetValue(Edit) is { } file)
            {
                var edited = await ReadEditAsync(file, request, ct);
                if (!edited.IsOk)
                {
                    return Output.Fail(edited.Error, json);
                }
                request = edited.Value;
            }
            var resolved = await session.Api.ResolveAsync(request, ct);
            return Output.Result(resolved, json, static () => BatonJsonContext.Default.TaskItem, value => Output.Line($"resolved {value.Id}: {request.Action}; it is now {value.State.ToWire()}"));
        }, ct));
        return command;
    }

    private static async Task<Result<ResolveRequest>> ReadEditAsync(string file, ResolveRequest request, CancellationToken cancellationToken)
    {
        if (!File.Exists(file))
        {
            return Result<ResolveRequest>.Fail(ErrorCode.NotFound, $"no edit file '{file}'");
        }
        var read = await TextFile.ReadAsync("edit file", file, cancellationToken);
        if (!read.IsOk)
        {
            return Result<ResolveRequest>.Fail(read.Error);
        }
        try
        {
            using var doc = JsonDocument.Parse(read.Value);
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Result<ResolveRequest>.Fail(ErrorCode.BadRequest, $"{file}: must be a JSON object with title, description or context");
            }
            string? Text(string name) => doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name is not ("title" or "description" or "context") || property.Value.ValueKind != JsonValueKind.String)
                {
                    return Result<ResolveRequest>.Fail(ErrorCode.BadRequest, $"{file}: $.{property.Name}: only string title, description and context can be edited");
                }
            }
            return request with { Title = Text("title"), Description = Text("description") ?? request.Description, Context = Text("context") ?? request.Context };
        }
        catch (JsonException error)
        {
            return Result<ResolveRequest>.Fail(ErrorCode.BadRequest, $"{file}: not valid JSON: {error.Message}");
        }
    }
}

using System.Globalization;
using System.Text.Json;
using Baton.Core.Errors;
using Baton.Core.Tasks;

namespace Baton.Core.Plans;

/// <summary>Reads and validates a plan file (docs/plan-format.md, schema/task.schema.json).</summary>
public static class PlanParser
{
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    // Ids an IdGenerator may return before it is judged unable to make a fresh one.
    private const int IdAttempts = 16;

    /// <summary>Parses <paramref name="json"/>; on failure the error is <see cref="ErrorCode.InvalidPlan"/> with
    /// every problem in <see cref="BatonError.Details"/> as "JSON-path: what is wrong".</summary>
    public static Result<ParsedPlan> Parse(string json) => Parse(json, null, CancellationToken.None);

    /// <summary>Parses <paramref name="json"/> under <paramref name="options"/> (null: the defaults), as
    /// <see cref="Parse(string)"/> does.</summary>
    public static Result<ParsedPlan> Parse(string json, PlanParseOptions? options) => Parse(json, options, CancellationToken.None);

    /// <summary>Parses <paramref name="json"/>; on failure the error is <see cref="ErrorCode.InvalidPlan"/> with
    /// every problem in <see cref="BatonError.Details"/> as "JSON-path: what is wrong", or
    /// <see cref="ErrorCode.LimitExceeded"/> for a plan over <see cref="PlanParseOptions.MaxBytes"/> or
    /// <see cref="PlanParseOptions.MaxTasks"/>.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static Result<ParsedPlan> Parse(string json, PlanParseOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        options ??= new PlanParseOptions();
        cancellationToken.ThrowIfCancellationRequested();
        if (PlanLimits.TooLarge(json, options) is { } tooLarge)
        {
            return tooLarge;
        }
        var problems = new PlanProblems();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // JsonDocument reports malformed input only by throwing; this is the boundary where it becomes a value.
            problems.Add("$", Malformed(ex));
            return problems.ToError();
        }
        using (document)
        {
            if (PlanLimits.TooManyTasks(document.RootElement, options) is { } tooMany)
            {
                return tooMany;
            }
            var reader = new PlanReader(problems, new PlanValueReader(problems, options.RepositoryRoot), cancellationToken);
            var drafts = reader.Read(document.RootElement);
            var firstIndexById = AssignIds(drafts, options, problems);
            var (graph, external) = ResolveDependencies(drafts, firstIndexById);
            foreach (var (closingTask, cycle) in graph.FindCycles())
            {
                var ids = string.Join(" -> ", cycle.Select(t => drafts[t].Id));
                problems.Add($"{drafts[closingTask].Path}.{PlanFields.DependsOn}", $"dependency cycle {ids}");
            }
            if (problems.Count > 0)
            {
                return problems.ToError();
            }
            var tasks = drafts.Select(ToSpec).ToList();
            return new ParsedPlan
            {
                Tasks = tasks,
                Warnings = PlanOverlapWarnings.Compute(tasks, graph, cancellationToken),
                ExternalDependencies = external,
                Name = reader.Name,
            };
        }
    }

    // Explicit ids first, so a generated id never takes one the file uses further down.
    private static Dictionary<string, int> AssignIds(List<DraftTask> drafts, PlanParseOptions options, PlanProblems problems)
    {
        var firstIndexById = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var draft in drafts.Where(d => d.Id is not null))
        {
            if (!firstIndexById.TryAdd(draft.Id!, draft.Index)) // filtered on non-null above
            {
                var first = drafts[firstIndexById[draft.Id!]].Path;
                problems.Add($"{draft.Path}.{PlanFields.Id}", $"duplicate id '{draft.Id}' (first at {first})");
            }
        }
        var generate = options.IdGenerator ?? TaskIdRules.NewId;
        foreach (var draft in drafts.Where(d => d.Id is null))
        {
            draft.Id = NewId(generate, firstIndexById, draft, problems);
            if (draft.Id is not null)
            {
                firstIndexById[draft.Id] = draft.Index;
            }
        }
        return firstIndexById;
    }

    private static string? NewId(Func<string> generate, Dictionary<string, int> taken, DraftTask draft, PlanProblems problems)
    {
        for (var attempt = 0; attempt < IdAttempts; attempt++)
        {
            var id = generate();
            if (!TaskIdRules.IsValid(id))
            {
                problems.Add($"{draft.Path}.{PlanFields.Id}", $"generated id '{id}' is not valid ({TaskIdRules.Description})");
                return null;
            }
            if (!taken.ContainsKey(id))
            {
                return id;
            }
        }
        problems.Add($"{draft.Path}.{PlanFields.Id}", string.Create(CultureInfo.InvariantCulture, $"no unused id after {IdAttempts} generated ids"));
        return null;
    }

    private static (PlanGraph Graph, List<ExternalDependency> External) ResolveDependencies(
        List<DraftTask> drafts, Dictionary<string, int> firstIndexById)
    {
        var edges = new List<IReadOnlyList<int>>(drafts.Count);
        var external = new List<ExternalDependency>();
        foreach (var draft in drafts)
        {
            var local = new List<int>();
            foreach (var (id, path) in draft.DependsOn)
            {
                if (firstIndexById.TryGetValue(id, out var index))
                {
                    local.Add(index);
                }
                else if (draft.Id is not null)
                {
                    external.Add(new ExternalDependency { TaskIndex = draft.Index, TaskId = new TaskId(draft.Id), DependsOn = new TaskId(id), Path = path });
                }
            }
            edges.Add(local);
        }
        return (new PlanGraph(edges), external);
    }

    private static TaskSpec ToSpec(DraftTask draft) => new()
    {
        Id = new TaskId(draft.Id!), // every draft has an id once no problem was found
        Title = draft.Title!, // ReadTask requires a title or a description, which gives one
        Description = draft.Description ?? "",
        Context = draft.Context,
        ContextFiles = draft.ContextFiles,
        Acceptance = draft.Acceptance,
        Files = draft.Files,
        DependsOn = [.. draft.DependsOn.Select(d => new TaskId(d.Id))],
        Priority = draft.Priority,
        Labels = draft.Labels,
        MaxAttempts = draft.MaxAttempts,
        Lease = draft.Lease,
    };

    /// <summary>A JSON syntax error as one line: "not valid JSON at line L, byte B: reason".</summary>
    internal static string Malformed(JsonException ex)
    {
        var reason = ex.Message;
        var cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }
        reason = (cut >= 0 ? reason[..cut] : reason)
            .Replace(" Change the reader options.", "", StringComparison.Ordinal) // advice for the programmer, not the user
            .Replace(", when isFinalBlock is true", "", StringComparison.Ordinal)
            .Trim().TrimEnd('.');
        return ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line + 1}, byte {position + 1}: {reason}")
            : $"not valid JSON: {reason}";
    }
}

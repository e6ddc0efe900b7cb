using System.Text.Json;

namespace Baton.Core.Plans;

/// <summary>Walks a plan document into <see cref="DraftTask"/>s, recording every problem on the way.</summary>
internal sealed class PlanReader(PlanProblems problems, PlanValueReader values, CancellationToken cancellationToken)
{
    public string? Name { get; private set; }

    public List<DraftTask> Read(JsonElement root)
    {
        switch (root.ValueKind)
        {
            case JsonValueKind.Array:
                return ReadTasks(root, "$");
            case JsonValueKind.Object:
                return ReadRootObject(root);
            default:
                problems.WrongType("$", "an object with \"tasks\" or an array of tasks", root);
                return [];
        }
    }

    private List<DraftTask> ReadRootObject(JsonElement root)
    {
        List<DraftTask>? tasks = null;
        foreach (var (name, value, path) in Fields(root, "$", PlanFields.TopLevel))
        {
            switch (name)
            {
                case PlanFields.Tasks:
                    tasks = value.ValueKind == JsonValueKind.Array ? ReadTasks(value, path) : null;
                    if (tasks is null)
                    {
                        problems.WrongType(path, "an array of tasks", value);
                    }
                    break;
                case PlanFields.Name or PlanFields.Plan when value.ValueKind != JsonValueKind.Null:
                    Name ??= values.Text(value, path);
                    break;
                case PlanFields.Schema when value.ValueKind != JsonValueKind.Null:
                    values.Text(value, path);
                    break;
                default:
                    break;
            }
        }
        if (tasks is null && !root.TryGetProperty(PlanFields.Tasks, out _))
        {
            problems.Add("$.tasks", "required");
        }
        return tasks ?? [];
    }

    private List<DraftTask> ReadTasks(JsonElement array, string path)
    {
        var tasks = new List<DraftTask>();
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            if ((index & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var taskPath = PlanProblems.Item(path, index);
            var task = new DraftTask { Index = index, Path = taskPath };
            if (element.ValueKind == JsonValueKind.Object)
            {
                ReadTask(element, task);
            }
            else
            {
                problems.WrongType(taskPath, "a task object", element);
            }
            tasks.Add(task);
            index++;
        }
        if (index == 0)
        {
            problems.Add(path, "has no tasks");
        }
        return tasks;
    }

    private void ReadTask(JsonElement element, DraftTask task)
    {
        foreach (var (name, value, path) in Fields(element, task.Path, PlanFields.Task))
        {
            if (value.ValueKind == JsonValueKind.Null)
            {
                continue; // null means "not given" for every optional field
            }
            ReadField(task, name, value, path);
        }
        if (task.Title is null && task.Description is null && !HasValue(element, PlanFields.Title) && !HasValue(element, PlanFields.Description))
        {
            problems.Add(PlanProblems.Property(task.Path, PlanFields.Title), "required (or give a description)");
        }
        task.Title ??= TitleFrom(task.Description);
    }

    private void ReadField(DraftTask task, string name, JsonElement value, string path)
    {
        switch (name)
        {
            case PlanFields.Id:
                task.Id = values.Text(value, path) is { } id ? values.DependencyId(id, path) : null;
                break;
            case PlanFields.Title:
                task.Title = values.Text(value, path);
                break;
            case PlanFields.Description:
                task.Description = values.Text(value, path);
                break;
            case PlanFields.Context:
                task.Context = values.Context(value, path) ?? "";
                break;
            case PlanFields.ContextFiles:
                task.ContextFiles = values.Paths(value, path) ?? [];
                break;
            case PlanFields.Acceptance:
                task.Acceptance = values.Acceptance(value, path) ?? [];
                break;
            case PlanFields.Files:
                task.Files = values.Paths(value, path) ?? [];
                break;
            case PlanFields.DependsOn:
                task.DependsOn = ReadDependsOn(value, path);
                break;
            case PlanFields.Priority:
                task.Priority = values.Integer(value, path, int.MinValue, int.MaxValue) ?? 0;
                break;
            case PlanFields.Labels:
                task.Labels = values.StringList(value, path, values.Label) ?? [];
                break;
            case PlanFields.MaxAttempts:
                task.MaxAttempts = values.Integer(value, path, 1, 100) ?? task.MaxAttempts;
                break;
            case PlanFields.Lease:
                task.Lease = values.Lease(value, path);
                break;
            default:
                break;
        }
    }

    // Each entry keeps its own path so a later problem (unknown id, cycle) can name it.
    private List<(string Id, string Path)> ReadDependsOn(JsonElement value, string path)
    {
        var entries = new List<(string Id, string Path)>();
        if (value.ValueKind == JsonValueKind.String)
        {
            if (values.Text(value, path) is { } one && values.DependencyId(one, path) is { } id)
            {
                entries.Add((id, path));
            }
            return entries;
        }
        if (value.ValueKind != JsonValueKind.Array)
        {
            problems.WrongType(path, "an array of task ids", value);
            return entries;
        }
        var index = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal); // a task may depend on thousands: no scan of the list per entry
        foreach (var element in value.EnumerateArray())
        {
            var itemPath = PlanProblems.Item(path, index++);
            if (values.Text(element, itemPath) is { } text && values.DependencyId(text, itemPath) is { } id && ids.Add(id))
            {
                entries.Add((id, itemPath));
            }
        }
        return entries;
    }

    /// <summary>The object's properties with their paths; unknown and repeated names become problems.</summary>
    private IEnumerable<(string Name, JsonElement Value, string Path)> Fields(JsonElement obj, string path, IReadOnlyList<string> known)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in obj.EnumerateObject())
        {
            var propertyPath = PlanProblems.Property(path, property.Name);
            if (!seen.Add(property.Name))
            {
                problems.Add(propertyPath, "given more than once");
                continue;
            }
            if (!known.Contains(property.Name))
            {
                var suggestion = PlanFields.Suggest(property.Name, known);
                problems.Add(propertyPath, suggestion is null
                    ? $"unknown field (known fields: {string.Join(", ", known)})"
                    : $"unknown field (did you mean '{suggestion}'?)");
                continue;
            }
            yield return (property.Name, property.Value, propertyPath);
        }
    }

    private static bool HasValue(JsonElement obj, string name)
        => obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    // The first non-blank line of the description, cut to about 80 characters.
    private static string? TitleFrom(string? description)
    {
        if (description is null)
        {
            return null;
        }
        foreach (var line in description.AsSpan().EnumerateLines())
        {
            var trimmed = line.Trim();
            if (!trimmed.IsEmpty)
            {
                return trimmed.Length <= 80 ? trimmed.ToString() : string.Concat(trimmed[..79].TrimEnd(), "…");
            }
        }
        return null;
    }
}

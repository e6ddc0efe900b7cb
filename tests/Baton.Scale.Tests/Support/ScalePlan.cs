using System.Globalization;
using System.Text;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// A large plan with dependencies and overlapping file globs, whose overlaps are known by construction, so the audit
/// judges reservations with its own rule instead of Core's glob overlap (the code under test).
/// </summary>
/// <remarks>
/// Task <c>i</c> reserves one area (<c>area07/**</c>) or one module of it (<c>area07/mod2/**</c>); every ninth task also
/// reserves a module of a second area. Two reservations overlap exactly when they name the same area and one of them is
/// the whole area or both name the same module. Task <c>i</c> depends on task <c>i - 97</c>, and every third task also on
/// <c>i - 250</c>: a frontier about a hundred tasks wide moves through the plan, so a dozen workers stay busy while
/// reservations and dependencies keep deciding who may take what.
/// </remarks>
internal sealed class ScalePlan
{
    public const int Areas = 24;
    public const int Modules = 4;

    private ScalePlan(IReadOnlyList<PlannedTask> tasks)
    {
        Tasks = tasks;
        ById = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    public IReadOnlyList<PlannedTask> Tasks { get; }

    public IReadOnlyDictionary<string, PlannedTask> ById { get; }

    public static ScalePlan Create(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var tasks = new List<PlannedTask>(count);
        for (var i = 0; i < count; i++)
        {
            var area = i % Areas;
            // One task in six holds its whole area; the others one module, moving round the modules.
            Reservation first = i % 6 == 0 ? new(area, null) : new(area, i / Areas % Modules);
            var files = i % 9 == 4 ? new[] { first, new Reservation((area + 5) % Areas, i % Modules) } : [first];
            var deps = new List<int>();
            if (i >= 97)
            {
                deps.Add(i - 97);
            }
            if (i % 3 == 0 && i >= 250)
            {
                deps.Add(i - 250);
            }
            tasks.Add(new PlannedTask(i, Id(i), files, [.. deps.Select(Id)]));
        }
        return new ScalePlan(tasks);
    }

    public static string Id(int index) => "s" + index.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Whether two tasks reserve a path in common (the oracle the audit holds the run to).</summary>
    public static bool Overlap(PlannedTask a, PlannedTask b)
        => a.Files.Any(x => b.Files.Any(y => x.Area == y.Area && (x.Module is null || y.Module is null || x.Module == y.Module)));

    /// <summary>The plan as JSON, in chunks of <paramref name="chunk"/> tasks (later chunks depend on earlier ones,
    /// which are in the store by then).</summary>
    public IEnumerable<string> Json(int chunk)
    {
        for (var start = 0; start < Tasks.Count; start += chunk)
        {
            var text = new StringBuilder("{\"name\":\"scale\",\"tasks\":[");
            foreach (var task in Tasks.Skip(start).Take(chunk))
            {
                text.Append(task.Index == start ? "" : ",")
                    .Append("{\"id\":\"").Append(task.Id).Append("\",\"title\":\"scale task ").Append(task.Id).Append('"')
                    .Append(",\"files\":[").AppendJoin(',', task.Files.Select(f => "\"" + f.Glob + "\"")).Append(']');
                if (task.DependsOn.Count > 0)
                {
                    text.Append(",\"depends_on\":[").AppendJoin(',', task.DependsOn.Select(d => "\"" + d + "\"")).Append(']');
                }
                text.Append('}');
            }
            yield return text.Append("]}").ToString();
        }
    }
}

/// <summary>One task of a <see cref="ScalePlan"/>.</summary>
internal sealed record PlannedTask(int Index, string Id, IReadOnlyList<Reservation> Files, IReadOnlyList<string> DependsOn);

/// <summary>A reserved glob: a whole area, or one module of it.</summary>
internal sealed record Reservation(int Area, int? Module)
{
    public string Glob => Module is { } module
        ? string.Create(CultureInfo.InvariantCulture, $"area{Area:D2}/mod{module}/**")
        : string.Create(CultureInfo.InvariantCulture, $"area{Area:D2}/**");
}

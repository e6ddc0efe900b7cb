namespace Baton.Core.Plans;

/// <summary>The field names a plan file may use (snake_case, as in schema/task.schema.json).</summary>
internal static class PlanFields
{
    public const string Tasks = "tasks";
    public const string Name = "name";
    public const string Plan = "plan";
    public const string Schema = "$schema";

    public const string Id = "id";
    public const string Title = "title";
    public const string Description = "description";
    public const string Context = "context";
    public const string ContextFiles = "context_files";
    public const string Acceptance = "acceptance";
    public const string Files = "files";
    public const string DependsOn = "depends_on";
    public const string Priority = "priority";
    public const string Labels = "labels";
    public const string MaxAttempts = "max_attempts";
    public const string Lease = "lease";

    public const string Check = "check";
    public const string CheckPath = "path";

    /// <summary>Fields of the top-level object.</summary>
    public static readonly IReadOnlyList<string> TopLevel = [Schema, Name, Plan, Tasks];

    /// <summary>Fields of a task object.</summary>
    public static readonly IReadOnlyList<string> Task =
        [Id, Title, Description, Context, ContextFiles, Acceptance, Files, DependsOn, Priority, Labels, MaxAttempts, Lease];

    /// <summary>The known field <paramref name="unknown"/> was probably meant to be, or null.</summary>
    public static string? Suggest(string unknown, IReadOnlyList<string> known)
    {
        var plain = Plain(unknown);
        string? best = null;
        var bestDistance = 3;
        foreach (var field in known)
        {
            if (Plain(field) == plain)
            {
                return field; // dependsOn, Depends-On, MAX_ATTEMPTS
            }
            var distance = Distance(unknown.ToLowerInvariant(), field);
            if (distance < bestDistance)
            {
                best = field;
                bestDistance = distance;
            }
        }
        return best;
    }

    private static string Plain(string name) => name.Replace("_", "", StringComparison.Ordinal)
        .Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();

    // Levenshtein distance over two rows; field names are short.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

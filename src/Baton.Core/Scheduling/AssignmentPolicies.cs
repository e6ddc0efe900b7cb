namespace Baton.Core.Scheduling;

/// <summary>Names of <see cref="AssignmentPolicy"/> for options and output.</summary>
public static class AssignmentPolicies
{
    /// <summary>Every policy, in the order the docs list them.</summary>
    public static IReadOnlyList<AssignmentPolicy> All { get; } = [AssignmentPolicy.LeastLoaded, AssignmentPolicy.RoundRobin, AssignmentPolicy.Priority];

    /// <summary>The option name: least-loaded, round-robin or priority.</summary>
    public static string ToName(this AssignmentPolicy policy) => policy switch
    {
        AssignmentPolicy.LeastLoaded => "least-loaded",
        AssignmentPolicy.RoundRobin => "round-robin",
        AssignmentPolicy.Priority => "priority",
        _ => throw new ArgumentOutOfRangeException(nameof(policy), policy, "unknown assignment policy"),
    };

    /// <summary>Reads an option name (case-insensitive).</summary>
    public static bool TryParse(string? text, out AssignmentPolicy policy)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToName(), text?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                policy = candidate;
                return true;
            }
        }
        policy = default;
        return false;
    }
}

namespace Baton.Core.Tasks;

/// <summary>Wire names of <see cref="ReportOutcome"/>.</summary>
public static class ReportOutcomes
{
    /// <summary>The snake_case wire name.</summary>
    public static string ToWire(this ReportOutcome outcome) => outcome switch
    {
        ReportOutcome.Done => "done",
        ReportOutcome.Failed => "failed",
        ReportOutcome.Blocked => "blocked",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
    };

    /// <summary>Reads a wire name; false when it names no outcome.</summary>
    public static bool TryParse(string? text, out ReportOutcome outcome)
    {
        foreach (var candidate in Enum.GetValues<ReportOutcome>())
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.OrdinalIgnoreCase))
            {
                outcome = candidate;
                return true;
            }
        }
        outcome = default;
        return false;
    }
}

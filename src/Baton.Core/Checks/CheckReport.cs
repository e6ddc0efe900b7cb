using System.Globalization;
using System.Text;

namespace Baton.Core.Checks;

/// <summary>The outcome of running a task's machine checks on a report.</summary>
public sealed record CheckReport
{
    /// <summary>True when every machine check passed (also when the task has none).</summary>
    public bool Passed => Results.All(r => r.Passed);

    /// <summary>One result per machine check, in acceptance order.</summary>
    public required IReadOnlyList<CheckResult> Results { get; init; }

    /// <summary>The plain text criteria, which no machine checks: the worker's word stands for them.</summary>
    public IReadOnlyList<string> NotMachineChecked { get; init; } = [];

    /// <summary>How long all checks took, in milliseconds.</summary>
    public long DurationMs { get; init; }

    /// <summary>The checks that failed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<CheckResult> Failures => Results.Where(r => !r.Passed);

    /// <summary>
    /// The text to show the worker of the next attempt: each failed check with its message and output.
    /// Empty when everything passed.
    /// </summary>
    public string Feedback()
    {
        var failures = Failures.ToList();
        if (failures.Count == 0)
        {
            return "";
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"The previous attempt failed {failures.Count} of {Results.Count} acceptance checks:\n");
        foreach (var failure in failures)
        {
            var kind = failure.Kind?.ToWire() ?? "invalid";
            text.Append(CultureInfo.InvariantCulture, $"- [{kind}] {failure.Name}: {failure.Message}\n");
            if (!string.IsNullOrWhiteSpace(failure.Output))
            {
                foreach (var line in failure.Output.TrimEnd().Split('\n'))
                {
                    text.Append("    ").Append(line.TrimEnd('\r')).Append('\n');
                }
            }
        }
        return text.ToString();
    }
}

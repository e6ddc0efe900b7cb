namespace Baton.Core.Checks;

/// <summary>The outcome of one machine check.</summary>
public sealed record CheckResult
{
    /// <summary>The check's position in the task's <c>acceptance</c> list.</summary>
    public required int Index { get; init; }

    /// <summary>The kind of check; null when the check object itself is not valid (then the check fails).</summary>
    public required CheckKind? Kind { get; init; }

    /// <summary>The check's name, or a short description such as <c>not_empty summaries/a.md</c>.</summary>
    public required string Name { get; init; }

    /// <summary>True when the check passed.</summary>
    public required bool Passed { get; init; }

    /// <summary>One line: what is wrong (e.g. <c>summaries/a.md is empty</c>), or what was found when it passed.</summary>
    public required string Message { get; init; }

    /// <summary>For a command, its stdout and stderr interleaved, trimmed to the last ~4 KB; for other kinds, detail
    /// lines (e.g. every schema violation), or null.</summary>
    public string? Output { get; init; }

    /// <summary>How long the check took, in milliseconds.</summary>
    public long DurationMs { get; init; }
}

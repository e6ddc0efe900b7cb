namespace Baton.Cli.Rendering;

/// <summary>One rounded unit for people reading a screen (<c>450ms</c>, <c>12s</c>, <c>3m</c>, <c>2.5h</c>);
/// <see cref="Core.Time.Durations.Format"/> is exact and reads back, this is not meant to.</summary>
internal static class ShortDuration
{
    public static string Format(TimeSpan span)
    {
        var abs = span.Duration();
        return abs.TotalSeconds < 1 ? $"{abs.TotalMilliseconds:0}ms"
            : abs.TotalMinutes < 1 ? $"{abs.TotalSeconds:0}s"
            : abs.TotalHours < 1 ? $"{abs.TotalMinutes:0}m"
            : abs.TotalDays < 1 ? $"{abs.TotalHours:0.#}h"
            : $"{abs.TotalDays:0.#}d";
    }
}

using System.Globalization;

namespace Baton.Cli.Infrastructure;

/// <summary>Durations as people write them: <c>500ms</c>, <c>90s</c>, <c>10m</c>, <c>1h</c>; a bare number is seconds.</summary>
internal static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var t = text.Trim().ToLowerInvariant();
        (string number, double unitMs) = t switch
        {
            _ when t.EndsWith("ms", StringComparison.Ordinal) => (t[..^2], 1.0),
            _ when t.EndsWith('s') => (t[..^1], 1000.0),
            _ when t.EndsWith('m') => (t[..^1], 60_000.0),
            _ when t.EndsWith('h') => (t[..^1], 3_600_000.0),
            _ => (t, 1000.0),
        };
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || value < 0 || double.IsInfinity(value) || value * unitMs > TimeSpan.MaxValue.TotalMilliseconds)
        {
            return false;
        }
        duration = TimeSpan.FromMilliseconds(value * unitMs);
        return true;
    }

    /// <summary>Short human form: <c>450ms</c>, <c>12s</c>, <c>3m</c>, <c>2h</c>.</summary>
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

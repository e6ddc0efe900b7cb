using System.Buffers;
using System.Globalization;
using System.Text;

namespace Baton.Core.Time;

/// <summary>
/// Human durations as plans and the CLI write them: <c>250ms</c>, <c>90s</c>, <c>10m</c>, <c>1h30m</c>,
/// <c>2d</c>, or a plain number of seconds. Units are d, h, m, s, ms, largest first, each at most once;
/// a number may have a fraction (<c>1.5h</c>). Negative values and white space between parts are rejected.
/// </summary>
public static class Durations
{
    private static readonly SearchValues<char> NumberChars = SearchValues.Create("0123456789.");

    private static readonly (string Unit, long Ticks)[] Units =
    [
        ("d", TimeSpan.TicksPerDay),
        ("h", TimeSpan.TicksPerHour),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("m", TimeSpan.TicksPerMinute),
        ("s", TimeSpan.TicksPerSecond),
    ];

    /// <summary>Parses <paramref name="text"/>; false for empty, negative, malformed or too large input.</summary>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var span = text.AsSpan().Trim();
        if (span.IsEmpty)
        {
            return false;
        }
        decimal ticks = 0;
        var lastUnitTicks = long.MaxValue;
        var sawUnit = false;
        while (!span.IsEmpty)
        {
            var numberLength = span.IndexOfAnyExcept(NumberChars);
            if (numberLength == 0)
            {
                return false;
            }
            var numberText = numberLength < 0 ? span : span[..numberLength];
            if (numberText.Length > 20 || numberText[0] == '.' || numberText[^1] == '.'
                || !decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            span = numberLength < 0 ? [] : span[numberLength..];
            long unitTicks;
            if (span.IsEmpty && !sawUnit)
            {
                unitTicks = TimeSpan.TicksPerSecond; // a bare number is seconds
            }
            else if (!TryReadUnit(ref span, out unitTicks) || unitTicks >= lastUnitTicks)
            {
                return false;
            }
            if (number > (decimal)TimeSpan.MaxValue.Ticks / unitTicks)
            {
                return false;
            }
            sawUnit = true;
            lastUnitTicks = unitTicks;
            ticks += number * unitTicks;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }
        value = TimeSpan.FromTicks((long)Math.Round(ticks, MidpointRounding.AwayFromZero));
        return true;
    }

    /// <summary>Formats <paramref name="value"/> as the largest units that fit, e.g. <c>1m30s</c>, <c>10m</c>,
    /// <c>250ms</c>, <c>0s</c>; below a millisecond as a fraction (<c>0.5ms</c>). <see cref="TryParse"/> reads it back.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }
        var builder = new StringBuilder();
        var magnitude = (ulong)value.Ticks;
        if (value < TimeSpan.Zero)
        {
            builder.Append('-');
            magnitude = (ulong)(-(value.Ticks + 1)) + 1; // TimeSpan.MinValue has no positive counterpart
        }
        Append(builder, ref magnitude, (ulong)TimeSpan.TicksPerDay, "d");
        Append(builder, ref magnitude, (ulong)TimeSpan.TicksPerHour, "h");
        Append(builder, ref magnitude, (ulong)TimeSpan.TicksPerMinute, "m");
        Append(builder, ref magnitude, (ulong)TimeSpan.TicksPerSecond, "s");
        if (magnitude > 0)
        {
            var milliseconds = (decimal)magnitude / TimeSpan.TicksPerMillisecond;
            builder.Append(milliseconds.ToString("0.####", CultureInfo.InvariantCulture)).Append("ms");
        }
        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ref ulong magnitude, ulong unitTicks, string unit)
    {
        var count = magnitude / unitTicks;
        if (count > 0)
        {
            builder.Append(count.ToString(CultureInfo.InvariantCulture)).Append(unit);
            magnitude -= count * unitTicks;
        }
    }

    private static bool TryReadUnit(ref ReadOnlySpan<char> span, out long unitTicks)
    {
        foreach (var (unit, ticks) in Units)
        {
            if (span.StartsWith(unit, StringComparison.Ordinal))
            {
                span = span[unit.Length..];
                unitTicks = ticks;
                return true;
            }
        }
        unitTicks = 0;
        return false;
    }
}

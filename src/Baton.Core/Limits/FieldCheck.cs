using System.Globalization;
using Baton.Core.Errors;

namespace Baton.Core.Limits;

/// <summary>
/// One check of a field against its limit, as a value: null when the field is within it, else the error that names
/// the field, the limit and what was sent. Chained with <c>??</c>, the first failing field answers.
/// </summary>
public static class FieldCheck
{
    /// <summary>Refuses text longer than <paramref name="max"/> characters with <c>limit_exceeded</c>.</summary>
    public static BatonError? Text(string field, string? value, int max)
        => value is { Length: var length } && length > max
            ? BatonError.Of(ErrorCode.LimitExceeded, $"{field} is {FieldLimits.Count(length)} characters long; the limit is {FieldLimits.Count(max)}")
            : null;

    /// <summary>Refuses a list with more than <paramref name="maxItems"/> items, or an item longer than <paramref name="maxLength"/>.</summary>
    public static BatonError? List(string field, IReadOnlyList<string>? values, int maxItems, int maxLength)
    {
        if (values is null)
        {
            return null;
        }
        if (values.Count > maxItems)
        {
            return BatonError.Of(ErrorCode.LimitExceeded, $"{field} has {FieldLimits.Count(values.Count)} items; the limit is {FieldLimits.Count(maxItems)}");
        }
        for (var i = 0; i < values.Count; i++)
        {
            if (Text(string.Create(CultureInfo.InvariantCulture, $"{field}[{i}]"), values[i], maxLength) is { } error)
            {
                return error;
            }
        }
        return null;
    }

    /// <summary>Refuses milliseconds outside <paramref name="min"/> to <paramref name="max"/> with <c>bad_request</c>,
    /// before anything turns them into a <see cref="TimeSpan"/> (2^63 ms would overflow it).</summary>
    public static BatonError? Milliseconds(string field, long? value, long min, TimeSpan max)
    {
        var maxMs = (long)max.TotalMilliseconds;
        return value is { } ms && (ms < min || ms > maxMs)
            ? BatonError.Of(ErrorCode.BadRequest, string.Create(CultureInfo.InvariantCulture,
                $"{field} must be {min} to {maxMs:N0} ({Time.Durations.Format(max)}), not {ms:N0}"))
            : null;
    }

    /// <summary>Refuses a duration outside zero (or one millisecond when <paramref name="positive"/>) to
    /// <paramref name="max"/> with <c>bad_request</c>.</summary>
    public static BatonError? Duration(string field, TimeSpan? value, TimeSpan max, bool positive)
        => value is { } span && (span > max || (positive ? span <= TimeSpan.Zero : span < TimeSpan.Zero))
            ? BatonError.Of(ErrorCode.BadRequest,
                $"{field} must be {(positive ? "more than 0" : "0")} to {Time.Durations.Format(max)}, not {Time.Durations.Format(span.Duration())}{(span < TimeSpan.Zero ? " below 0" : "")}")
            : null;
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Baton.Core.Errors;

namespace Baton.Core.Plans;

/// <summary>The size bounds of one plan (<see cref="PlanParseOptions.MaxBytes"/>, <see cref="PlanParseOptions.MaxTasks"/>),
/// checked before the plan is read, so an oversized one costs a count and changes nothing.</summary>
internal static class PlanLimits
{
    public static BatonError? TooLarge(string json, PlanParseOptions options)
    {
        // A character is at least one byte of UTF-8 and at most three, so most plans need no count.
        if (json.Length * 3L <= options.MaxBytes)
        {
            return null;
        }
        var bytes = Encoding.UTF8.GetByteCount(json);
        return bytes <= options.MaxBytes ? null : new BatonError
        {
            Code = ErrorCode.LimitExceeded,
            Message = string.Create(CultureInfo.InvariantCulture, $"plan rejected: it is {bytes:N0} bytes, over the limit of {options.MaxBytes:N0} bytes per plan"),
        };
    }

    public static BatonError? TooManyTasks(JsonElement root, PlanParseOptions options)
    {
        var tasks = root.ValueKind switch
        {
            JsonValueKind.Array => root,
            JsonValueKind.Object when root.TryGetProperty(PlanFields.Tasks, out var value) && value.ValueKind == JsonValueKind.Array => value,
            _ => default,
        };
        if (tasks.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var count = tasks.GetArrayLength();
        return count <= options.MaxTasks ? null : new BatonError
        {
            Code = ErrorCode.LimitExceeded,
            Message = string.Create(CultureInfo.InvariantCulture, $"plan rejected: it has {count:N0} tasks, over the limit of {options.MaxTasks:N0} tasks per plan"),
        };
    }
}

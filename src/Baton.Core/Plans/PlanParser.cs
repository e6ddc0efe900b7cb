using Baton.Core.Errors;

namespace Baton.Core.Plans;

/// <summary>Reads and validates a plan file. STUB: replaced by the real parser.</summary>
public static class PlanParser
{
    /// <summary>Parses <paramref name="json"/>; on failure the error is <see cref="ErrorCode.InvalidPlan"/> with
    /// every problem in <see cref="BatonError.Details"/> as "JSON-path: what is wrong".</summary>
    public static Result<ParsedPlan> Parse(string json, PlanParseOptions? options = null)
        => throw new NotImplementedException();
}

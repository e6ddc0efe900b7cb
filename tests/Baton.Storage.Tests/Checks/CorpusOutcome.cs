using Baton.Core.Checks;

namespace Baton.Storage.Tests.Checks;

/// <summary>What validation made of one corpus case, against what the case expects.</summary>
internal sealed record CorpusOutcome
{
    public required string Name { get; init; }

    public required bool ExpectPass { get; init; }

    /// <summary>Check kinds (wire names) that must fail, and "report" when the report validator must object.</summary>
    public required IReadOnlyList<string> ExpectedCaughtBy { get; init; }

    public required IReadOnlyList<string> ReportProblems { get; init; }

    public required CheckReport Checks { get; init; }

    /// <summary>What caught the case: "report" and the wire name of each failed check's kind.</summary>
    public IReadOnlySet<string> CaughtBy
    {
        get
        {
            var by = new SortedSet<string>(StringComparer.Ordinal);
            if (ReportProblems.Count > 0)
            {
                by.Add("report");
            }
            foreach (var failure in Checks.Failures)
            {
                by.Add(failure.Kind?.ToWire() ?? "invalid");
            }
            return by;
        }
    }

    /// <summary>True when a good case passed, or a bad case was caught by every check it names.</summary>
    public bool AsExpected => ExpectPass ? CaughtBy.Count == 0 : CaughtBy.Count > 0 && ExpectedCaughtBy.All(CaughtBy.Contains);

    public string Describe()
        => $"{Name}: expected {(ExpectPass ? "pass" : "fail by " + string.Join("+", ExpectedCaughtBy))}, caught by [{string.Join(", ", CaughtBy)}]"
            + string.Concat(ReportProblems.Select(p => "\n  report: " + p))
            + string.Concat(Checks.Results.Select(r => $"\n  {(r.Passed ? "pass" : "FAIL")} [{r.Kind?.ToWire()}] {r.Name}: {r.Message}"));
}

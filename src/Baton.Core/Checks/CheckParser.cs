using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace Baton.Core.Checks;

/// <summary>
/// Parses and validates an acceptance item's check object (<c>{"check": "contains", ...}</c>). Used by the plan
/// parser at import, so a bad check is rejected with its JSON path, and by the check runner.
/// </summary>
public static class CheckParser
{
    /// <summary>Parses <paramref name="element"/>; on failure <paramref name="problem"/> names every problem in one line.
    /// Paths are checked as strings only (no repository root): use the other overload to also resolve them.</summary>
    public static bool TryParse(JsonElement element, [NotNullWhen(true)] out CheckDefinition? check, [NotNullWhen(false)] out string? problem)
    {
        if (TryParse(element, repositoryRoot: null, out check, out var problems))
        {
            problem = null;
            return true;
        }
        problem = string.Join("; ", problems);
        return false;
    }

    /// <summary>Parses <paramref name="element"/>, checking that paths stay inside <paramref name="repositoryRoot"/>
    /// when it is given (as strings: symbolic links are judged when the check runs). On failure
    /// <paramref name="problems"/> lists every problem with its path relative to the check object.</summary>
    public static bool TryParse(JsonElement element, string? repositoryRoot, [NotNullWhen(true)] out CheckDefinition? check,
        out IReadOnlyList<CheckProblem> problems)
    {
        var reader = new CheckReader(repositoryRoot);
        check = reader.Read(element);
        problems = reader.Problems;
        return check is not null;
    }
}

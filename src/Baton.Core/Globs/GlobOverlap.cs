namespace Baton.Core.Globs;

/// <summary>
/// Decides whether two file globs can match a common path: the rule behind file reservations (two tasks whose
/// globs overlap are never leased at the same time). Paths need not exist: this reasons about the globs only.
/// </summary>
/// <remarks>
/// Syntax: '/'-separated segments; <c>**</c> as a whole segment matches zero or more segments; <c>*</c> any run
/// of characters within a segment; <c>?</c> one character; <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c> one character
/// of (or not of) a set; <c>{a,b}</c> alternatives. Matching is ordinal (case-sensitive) and <c>*</c> matches
/// names starting with a dot. Where the answer is not exact (negated classes, globs with more than
/// 256 alternatives) it errs toward "overlap".
/// Globs without braces are checked without allocating.
/// </remarks>
public static class GlobOverlap
{
    /// <summary>True iff some path could match both <paramref name="globA"/> and <paramref name="globB"/>.</summary>
    public static bool CanOverlap(string globA, string globB)
    {
        ArgumentNullException.ThrowIfNull(globA);
        ArgumentNullException.ThrowIfNull(globB);
        var bracesA = BraceExpansion.HasGroup(globA);
        var bracesB = BraceExpansion.HasGroup(globB);
        if (!bracesA && !bracesB)
        {
            return GlobProduct.Intersects(globA, globB, bIsPath: false);
        }
        var alternativesA = new List<string>();
        var alternativesB = new List<string>();
        if (!BraceExpansion.TryExpand(globA, alternativesA) || !BraceExpansion.TryExpand(globB, alternativesB))
        {
            return true;
        }
        foreach (var a in alternativesA)
        {
            foreach (var b in alternativesB)
            {
                if (GlobProduct.Intersects(a, b, bIsPath: false))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The first pair of globs, one from each list, that can overlap; null when none do.</summary>
    public static (string GlobA, string GlobB)? FirstOverlap(IReadOnlyList<string> globsA, IReadOnlyList<string> globsB)
    {
        ArgumentNullException.ThrowIfNull(globsA);
        ArgumentNullException.ThrowIfNull(globsB);
        foreach (var a in globsA)
        {
            foreach (var b in globsB)
            {
                if (CanOverlap(a, b))
                {
                    return (a, b);
                }
            }
        }
        return null;
    }
}

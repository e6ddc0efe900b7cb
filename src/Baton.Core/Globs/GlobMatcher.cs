namespace Baton.Core.Globs;

/// <summary>Matches a concrete repository path against a glob (syntax as in <see cref="GlobOverlap"/>).</summary>
public static class GlobMatcher
{
    /// <summary>True when <paramref name="path"/> ('/'-separated, relative) matches <paramref name="glob"/>.
    /// A glob with more than 256 alternatives (which
    /// <c>RepoPaths.TryNormalize</c> rejects) matches every path.</summary>
    public static bool IsMatch(string glob, string path)
    {
        ArgumentNullException.ThrowIfNull(glob);
        ArgumentNullException.ThrowIfNull(path);
        if (!BraceExpansion.HasGroup(glob))
        {
            return GlobProduct.Intersects(glob, path, bIsPath: true);
        }
        var alternatives = new List<string>();
        if (!BraceExpansion.TryExpand(glob, alternatives))
        {
            return true;
        }
        foreach (var alternative in alternatives)
        {
            if (GlobProduct.Intersects(alternative, path, bIsPath: true))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>True when <paramref name="path"/> matches any of <paramref name="globs"/>.</summary>
    public static bool IsMatchAny(IEnumerable<string> globs, string path)
    {
        ArgumentNullException.ThrowIfNull(globs);
        foreach (var glob in globs)
        {
            if (IsMatch(glob, path))
            {
                return true;
            }
        }
        return false;
    }
}

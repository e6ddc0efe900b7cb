namespace Baton.Service.Checks;

/// <summary>
/// Resolves repository-relative paths to real locations and keeps them inside the repository, following symbolic
/// links: a link inside the repository that points outside it is refused like a '..' path. A regular file with more
/// than one hard link is refused too: nothing tells where its other names are.
/// </summary>
internal static class RepositoryFiles
{
    // Links followed while resolving one path before it is taken for a loop (Linux gives up at 40 too).
    private const int MaxLinks = 40;

    private static readonly StringComparison PathComparison =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    /// <summary>The real location of the repository root (itself possibly reached through links, e.g. /tmp on macOS).</summary>
    public static string RealRoot(string repositoryRoot)
        => Path.TrimEndingDirectorySeparator(RealPath(Path.GetFullPath(repositoryRoot)));

    /// <summary>The real location of <paramref name="relative"/> (a normalized repository path) under
    /// <paramref name="realRoot"/>, or false with a problem when a link leads outside the repository or the file has
    /// several hard links.</summary>
    public static bool TryResolve(string realRoot, string relative, out string fullPath, out string? problem)
    {
        var lexical = Path.Combine(realRoot, relative.Replace('/', Path.DirectorySeparatorChar));
        fullPath = RealPath(lexical);
        if (!IsInside(realRoot, fullPath))
        {
            problem = $"{relative} leads outside the repository through a symbolic link";
            return false;
        }
        if (FileLinks.OfRegularFile(fullPath) is > 1 and var links)
        {
            problem = $"{relative} is a hard link ({links} names for one file), which may lead outside the repository";
            return false;
        }
        problem = null;
        return true;
    }

    /// <summary>True when <paramref name="fullPath"/> is <paramref name="realRoot"/> or under it.</summary>
    public static bool IsInside(string realRoot, string fullPath)
        => fullPath.Equals(realRoot, PathComparison)
            || (fullPath.StartsWith(realRoot, PathComparison) && fullPath.Length > realRoot.Length
                && fullPath[realRoot.Length] == Path.DirectorySeparatorChar);

    /// <summary>The path with every symbolic link along it resolved, like realpath(3); the part that does not
    /// exist yet is kept as written.</summary>
    public static string RealPath(string fullPath)
    {
        var links = 0;
        return RealPath(fullPath, ref links);
    }

    private static string RealPath(string fullPath, ref int links)
    {
        var root = Path.GetPathRoot(fullPath) ?? "";
        var segments = fullPath[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var next = Path.Combine(current, segments[i]);
            var target = new FileInfo(next).LinkTarget;
            if (target is null)
            {
                if (!Path.Exists(next))
                {
                    return Path.Combine([next, .. segments[(i + 1)..]]);
                }
                current = next;
                continue;
            }
            if (++links > MaxLinks)
            {
                // A loop of links: nothing can be read through it, so its lexical place is as good as any.
                return Path.Combine([next, .. segments[(i + 1)..]]);
            }
            current = RealPath(Path.GetFullPath(target, current), ref links);
        }
        return current;
    }
}

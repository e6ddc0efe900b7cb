using System.Text;

namespace Baton.Core.Globs;

/// <summary>
/// Validates and normalizes repository-relative paths and globs as plans and reports give them: relative,
/// '/'-separated, inside the repository. <c>.</c> segments are dropped and <c>a/../b</c> is folded to <c>b</c>.
/// </summary>
public static class RepoPaths
{
    /// <summary>The longest path or glob accepted, in characters.</summary>
    public const int MaxLength = 1024;

    /// <summary>Checks <paramref name="pathOrGlob"/> and gives its normal form, or a problem such as
    /// <c>'../x' is outside the repository</c>.</summary>
    public static bool TryNormalize(string pathOrGlob, out string normalized, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(pathOrGlob);
        normalized = "";
        problem = FirstShapeProblem(pathOrGlob);
        if (problem is not null)
        {
            return false;
        }
        var segments = new List<string>();
        foreach (var segment in pathOrGlob.Split('/'))
        {
            switch (segment)
            {
                case "":
                    problem = $"'{pathOrGlob}' has an empty segment";
                    return false;
                case ".":
                    continue;
                case ".." when segments.Count == 0:
                    problem = $"'{pathOrGlob}' is outside the repository";
                    return false;
                case ".." when HasWildcard(segments[^1]):
                    problem = $"'{pathOrGlob}' has '..' after a wildcard segment";
                    return false;
                case "..":
                    segments.RemoveAt(segments.Count - 1);
                    continue;
                default:
                    segments.Add(segment);
                    break;
            }
        }
        if (segments.Count == 0)
        {
            problem = $"'{pathOrGlob}' names the repository root; use '**' for every file";
            return false;
        }
        normalized = string.Join('/', segments);
        if (BraceExpansion.HasGroup(normalized) && !BraceExpansion.TryExpand(normalized, []))
        {
            problem = $"'{pathOrGlob}' expands to more than {BraceExpansion.MaxAlternatives} alternatives";
            normalized = "";
            return false;
        }
        return true;
    }

    /// <summary>Like <see cref="TryNormalize(string, out string, out string?)"/>, and when
    /// <paramref name="repositoryRoot"/> is given also resolves the path's fixed prefix against it and checks
    /// that it stays inside. This is string work only: symbolic links are not followed.</summary>
    public static bool TryNormalize(string pathOrGlob, string? repositoryRoot, out string normalized, out string? problem)
    {
        if (!TryNormalize(pathOrGlob, out normalized, out problem))
        {
            return false;
        }
        if (repositoryRoot is null || IsInside(repositoryRoot, normalized))
        {
            return true;
        }
        problem = $"'{pathOrGlob}' is outside the repository";
        normalized = "";
        return false;
    }

    /// <summary>True when the segment has a glob metacharacter.</summary>
    public static bool HasWildcard(string segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.AsSpan().IndexOfAny("*?[{") >= 0;
    }

    private static string? FirstShapeProblem(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "is empty";
        }
        if (text.Length > MaxLength)
        {
            return $"is longer than {MaxLength} characters";
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return "contains a NUL character";
        }
        if (text.Contains('\\', StringComparison.Ordinal))
        {
            return $"'{text}' contains '\\'; use '/' as the separator";
        }
        if (text[0] == '/' || (text.Length >= 2 && char.IsAsciiLetter(text[0]) && text[1] == ':'))
        {
            return $"'{text}' is absolute; give a path relative to the repository root";
        }
        if (text.EndsWith('/'))
        {
            return $"'{text}' ends with '/'; write '{text}**' for everything under it";
        }
        if (text.Trim().Length != text.Length)
        {
            return $"'{text}' starts or ends with white space";
        }
        return null;
    }

    private static bool IsInside(string repositoryRoot, string normalized)
    {
        var prefix = new StringBuilder();
        foreach (var segment in normalized.Split('/'))
        {
            if (HasWildcard(segment))
            {
                break;
            }
            prefix.Append(Path.DirectorySeparatorChar).Append(segment);
        }
        var root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(repositoryRoot));
        var full = Path.GetFullPath(root + prefix.ToString());
        var comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        return full.Equals(root, comparison)
            || (full.StartsWith(root, comparison) && full.Length > root.Length && full[root.Length] == Path.DirectorySeparatorChar);
    }
}

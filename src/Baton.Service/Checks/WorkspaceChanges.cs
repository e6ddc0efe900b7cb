using Baton.Core.Globs;

namespace Baton.Service.Checks;

/// <summary>The files that differ between two snapshots of the same globs (repository-relative, sorted).</summary>
public sealed record WorkspaceChanges
{
    /// <summary>The globs both snapshots covered; empty when they covered the whole tree.</summary>
    public required IReadOnlyList<string> Globs { get; init; }

    /// <summary>Files that exist now and did not before.</summary>
    public required IReadOnlyList<string> Added { get; init; }

    /// <summary>Files whose content changed.</summary>
    public required IReadOnlyList<string> Modified { get; init; }

    /// <summary>Files that existed before and do not now.</summary>
    public required IReadOnlyList<string> Deleted { get; init; }

    /// <summary>True when the snapshots looked at <paramref name="path"/>, so the changes say whether it changed.</summary>
    public bool Covers(string path) => Globs.Count == 0 || GlobMatcher.IsMatchAny(Globs, path);

    /// <summary>True when <paramref name="path"/> was added or modified.</summary>
    public bool IsAddedOrModified(string path) => Added.Contains(path, StringComparer.Ordinal) || Modified.Contains(path, StringComparer.Ordinal);

    /// <summary>True when <paramref name="path"/> was deleted.</summary>
    public bool IsDeleted(string path) => Deleted.Contains(path, StringComparer.Ordinal);
}

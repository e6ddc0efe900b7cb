using System.Security.Cryptography;
using Baton.Core.Globs;

namespace Baton.Service.Checks;

/// <summary>
/// The content of the files a task may touch, taken when it is claimed, so that its report can be judged against
/// what really changed (a worker claiming a file it did not change). Content is compared by SHA-256, not by
/// modification time, whose resolution can hide a quick rewrite. Directories named <c>.git</c> and directories
/// reached through symbolic links are not walked.
/// </summary>
public sealed record WorkspaceSnapshot
{
    /// <summary>The globs the snapshot covers; empty for the whole tree.</summary>
    public required IReadOnlyList<string> Globs { get; init; }

    /// <summary>Every covered file by repository-relative path.</summary>
    public required IReadOnlyDictionary<string, FileStamp> Files { get; init; }

    /// <summary>Takes a snapshot of the files under <paramref name="repositoryRoot"/> that match <paramref name="globs"/>
    /// (every file when there are none: a large tree takes a while, since every file is hashed).</summary>
    public static async Task<WorkspaceSnapshot> CaptureAsync(string repositoryRoot, IReadOnlyList<string> globs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        ArgumentNullException.ThrowIfNull(globs);
        var root = RepositoryFiles.RealRoot(repositoryRoot);
        var files = new SortedDictionary<string, FileStamp>(StringComparer.Ordinal);
        foreach (var relative in StartDirectories(globs))
        {
            var start = relative.Length == 0 ? root : Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(start) && GlobMatcher.IsMatchAny(globs, relative))
            {
                files[relative] = await StampAsync(start, cancellationToken).ConfigureAwait(false);
            }
            else if (Directory.Exists(start))
            {
                await WalkAsync(root, start, globs, files, cancellationToken).ConfigureAwait(false);
            }
        }
        return new WorkspaceSnapshot { Globs = [.. globs], Files = files };
    }

    /// <summary>Takes a new snapshot of the same globs and compares it with this one.</summary>
    public async Task<WorkspaceChanges> ChangedSinceAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var now = await CaptureAsync(repositoryRoot, Globs, cancellationToken).ConfigureAwait(false);
        return Compare(this, now);
    }

    /// <summary>What differs from <paramref name="before"/> to <paramref name="after"/> (taken over the same globs).</summary>
    public static WorkspaceChanges Compare(WorkspaceSnapshot before, WorkspaceSnapshot after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return new WorkspaceChanges
        {
            Globs = before.Globs,
            Added = [.. after.Files.Keys.Where(p => !before.Files.ContainsKey(p)).Order(StringComparer.Ordinal)],
            Modified = [.. after.Files.Where(f => before.Files.TryGetValue(f.Key, out var old) && old != f.Value).Select(f => f.Key).Order(StringComparer.Ordinal)],
            Deleted = [.. before.Files.Keys.Where(p => !after.Files.ContainsKey(p)).Order(StringComparer.Ordinal)],
        };
    }

    // The fixed directory prefix of each glob (before its first wildcard segment), so that only those are walked;
    // the root when a glob starts with a wildcard or there are no globs.
    private static List<string> StartDirectories(IReadOnlyList<string> globs)
    {
        if (globs.Count == 0)
        {
            return [""];
        }
        var starts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var glob in globs)
        {
            var fixedSegments = glob.Split('/').TakeWhile(s => !RepoPaths.HasWildcard(s)).ToList();
            starts.Add(string.Join('/', fixedSegments));
        }
        // A start inside another start would be walked twice.
        return starts.Where(s => !starts.Any(o => o.Length == 0 ? s.Length > 0 : s.StartsWith(o + "/", StringComparison.Ordinal))).ToList();
    }

    private static async Task WalkAsync(string root, string directory, IReadOnlyList<string> globs,
        SortedDictionary<string, FileStamp> files, CancellationToken cancellationToken)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (entry is DirectoryInfo sub)
            {
                if (sub.LinkTarget is null && sub.Name != ".git")
                {
                    await WalkAsync(root, sub.FullName, globs, files, cancellationToken).ConfigureAwait(false);
                }
                continue;
            }
            var relative = Path.GetRelativePath(root, entry.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if ((globs.Count == 0 || GlobMatcher.IsMatchAny(globs, relative)) && File.Exists(entry.FullName))
            {
                files[relative] = await StampAsync(entry.FullName, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<FileStamp> StampAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
            return new FileStamp(stream.Length, Convert.ToHexStringLower(hash));
        }
    }
}

using Baton.Core.Errors;
using Baton.Hub.Stores;

namespace Baton.Cli.Infrastructure;

/// <summary>
/// Finds the store like git finds <c>.git</c>: <c>--store</c>, then <c>BATON_STORE</c>, then, from the start folder
/// upward, the first <c>.baton/</c> with a <c>store</c> file (the store <c>baton init --store</c> recorded: a PostgreSQL
/// database or a file elsewhere) or a <c>baton.db</c>.
/// </summary>
internal static class StoreLocator
{
    public const string DirectoryName = ".baton";
    public const string DatabaseName = "baton.db";
    public const string StoreEnvironmentVariable = "BATON_STORE";

    /// <summary>The store from <c>--store</c>, then <c>BATON_STORE</c>, then the search upward. A file must exist (not
    /// found, exit 5); a value that is neither a file path nor a PostgreSQL location is bad input (exit 2). A database
    /// is not reached here.</summary>
    public static Result<StoreTarget> Resolve(string? storeOption, string startDirectory)
    {
        if (Explicit(storeOption) is { } given)
        {
            var target = StoreTarget.Parse(given.Value, startDirectory, given.Source);
            return !target.IsOk || target.Value.FilePath is not { } file || File.Exists(file)
                ? target
                : Result<StoreTarget>.Fail(ErrorCode.NotFound, $"no store at {file}; run 'baton init' or fix {given.Source}");
        }
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var batonDir = Path.Combine(dir.FullName, DirectoryName);
            if (StorePointer.TryRead(batonDir) is { } recorded)
            {
                var source = $"{StorePointer.PathIn(batonDir)}";
                var target = StoreTarget.Parse(recorded, dir.FullName, source);
                if (!target.IsOk)
                {
                    return target;
                }
                if (target.Value.FilePath is { } file && !File.Exists(file))
                {
                    return Result<StoreTarget>.Fail(ErrorCode.NotFound, $"no store at {file} (named by {source}); run 'baton init --store {file}' or fix that file");
                }
                return target.Value with { RepositoryRoot = dir.FullName };
            }
            var candidate = Path.Combine(batonDir, DatabaseName);
            if (File.Exists(candidate))
            {
                return StoreTarget.File(candidate);
            }
        }
        return Result<StoreTarget>.Fail(ErrorCode.NotFound, $"no .baton store found from {startDirectory}; run 'baton init'");
    }

    /// <summary>The value of <c>--store</c>, else of <c>BATON_STORE</c>, with where it came from; null when neither
    /// is set.</summary>
    public static (string Value, string Source)? Explicit(string? storeOption)
    {
        if (!string.IsNullOrWhiteSpace(storeOption))
        {
            return (storeOption, "--store");
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(StoreEnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : (fromEnvironment, StoreEnvironmentVariable);
    }
}

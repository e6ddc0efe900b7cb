using Baton.Core.Errors;

namespace Baton.Cli.Infrastructure;

/// <summary>Finds the SQLite store like git finds <c>.git</c>: <c>.baton/baton.db</c> here or in a parent.</summary>
internal static class StoreLocator
{
    public const string DirectoryName = ".baton";
    public const string DatabaseName = "baton.db";
    public const string StoreEnvironmentVariable = "BATON_STORE";

    /// <summary>The store path from <c>--store</c>, then <c>BATON_STORE</c>, then the search upward.</summary>
    public static Result<string> Resolve(string? storeOption, string startDirectory)
    {
        var explicitPath = string.IsNullOrWhiteSpace(storeOption)
            ? Environment.GetEnvironmentVariable(StoreEnvironmentVariable)
            : storeOption;
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            var full = Path.GetFullPath(explicitPath, startDirectory);
            return File.Exists(full)
                ? full
                : Result<string>.Fail(ErrorCode.NotFound, $"no store at {full}; run 'baton init' or fix --store/{StoreEnvironmentVariable}");
        }
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, DirectoryName, DatabaseName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return Result<string>.Fail(ErrorCode.NotFound, $"no .baton store found from {startDirectory}; run 'baton init'");
    }
}

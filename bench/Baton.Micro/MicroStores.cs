namespace Baton.Micro;

/// <summary>What the store benchmarks share: where their files live, and how they check and clear them.</summary>
internal static class MicroStores
{
    /// <summary>A new folder for one run's store files: under <c>BATON_MICRO_DIR</c> when set, else tmpfs
    /// (<c>/dev/shm</c>) when there is one, else the temporary folder.</summary>
    public static string NewFolder()
    {
        var root = Environment.GetEnvironmentVariable("BATON_MICRO_DIR") is { Length: > 0 } chosen
            ? chosen
            : Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var folder = Path.Combine(root, "baton-micro-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>The value of a result that must have succeeded.</summary>
    public static T Check<T>(Baton.Core.Errors.Result<T> result)
        => result.IsOk ? result.Value : throw new InvalidOperationException($"{result.Error!.Code}: {result.Error.Message}");

    /// <summary>Deletes a database with its WAL and shared-memory files.</summary>
    public static void DeleteStoreFiles(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            File.Delete(file);
        }
    }
}

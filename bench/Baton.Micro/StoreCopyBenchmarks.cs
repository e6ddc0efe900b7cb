using Baton.Storage.Sqlite;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// What the store benchmarks share: a template store built once per run in a folder of its own, a fresh copy of
/// it opened for every iteration (so the state does not drift), closed after it, and the folder removed at the
/// end. The folder is under <c>BATON_MICRO_DIR</c> when set, else on tmpfs (<c>/dev/shm</c>) when there is one,
/// else in the temporary folder.
/// </summary>
public abstract class StoreCopyBenchmarks
{
    private string _work = "";

    /// <summary>The run's folder.</summary>
    protected string Folder { get; private set; } = "";

    /// <summary>The template's path, for the global setup to build.</summary>
    protected string TemplatePath { get; private set; } = "";

    /// <summary>This iteration's copy, once <see cref="OpenCopy"/> has opened it.</summary>
    protected SqliteStore? Store { get; private set; }

    /// <summary>Makes the run's folder and names the template in it.</summary>
    protected void CreateFolder()
    {
        var root = Environment.GetEnvironmentVariable("BATON_MICRO_DIR") is { Length: > 0 } chosen
            ? chosen
            : Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        Folder = Path.Combine(root, "baton-micro-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Folder);
        TemplatePath = Path.Combine(Folder, "template.db");
        _work = Path.Combine(Folder, "work.db");
    }

    /// <summary>Replaces the iteration's copy with a fresh one of the template and opens it.</summary>
    protected SqliteStore OpenCopy(Func<string, SqliteStoreOptions> options)
    {
        foreach (var file in new[] { _work, _work + "-wal", _work + "-shm" })
        {
            File.Delete(file);
        }
        File.Copy(TemplatePath, _work);
        Store = SqliteStore.OpenAsync(options(_work), CancellationToken.None).GetAwaiter().GetResult();
        return Store;
    }

    /// <summary>Closes the iteration's store.</summary>
    [IterationCleanup]
    public void CloseCopy()
    {
        Store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Store = null;
    }

    /// <summary>Removes the files.</summary>
    [GlobalCleanup]
    public void RemoveFiles()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>The value of a result that must have succeeded.</summary>
    protected static T Check<T>(Baton.Core.Errors.Result<T> result)
        => result.IsOk ? result.Value : throw new InvalidOperationException($"{result.Error!.Code}: {result.Error.Message}");
}

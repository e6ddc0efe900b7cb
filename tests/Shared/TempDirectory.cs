namespace Baton.Testing;

/// <summary>A fresh folder under the temporary folder, deleted on dispose (linked into the store tests).</summary>

internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "baton-test-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that has not exited yet may hold a file; leftovers in /tmp are harmless.
        }
    }
}

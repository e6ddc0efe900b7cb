namespace Baton.Compare.Servers;

/// <summary>A fresh folder under the temporary root, deleted on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    private ScratchDirectory(string path) => Path = path;

    /// <summary>The folder itself.</summary>
    public string Path { get; }

    /// <summary>The root every scratch folder goes under; the harness's <c>--temp</c> option.</summary>
    public static string Root { get; set; } = System.IO.Path.GetTempPath();

    public static ScratchDirectory Create(string label)
    {
        var path = System.IO.Path.Combine(Root, "baton-compare-" + label + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return new ScratchDirectory(path);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException ex)
        {
            Console.Error.WriteLine($"note: could not delete {Path}: {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            Console.Error.WriteLine($"note: could not delete {Path}: {ex.Message}");
        }
    }
}

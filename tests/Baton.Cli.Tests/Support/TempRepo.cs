namespace Baton.Cli.Tests.Support;

/// <summary>A fresh temporary directory, removed afterwards; <see cref="RunAsync"/> runs baton in it.</summary>
internal sealed class TempRepo : IDisposable
{
    public TempRepo()
    {
        Root = Path.Combine(Path.GetTempPath(), "baton-cli-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public Task<CliResult> RunAsync(params string[] args) => BatonCli.RunAsync(Root, args);

    public async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await BatonCli.RunAsync(Root, args);
        Assert.True(result.ExitCode == 0, $"baton {string.Join(' ', args)}: {result}");
        return result;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A killed child may still hold a file for a moment; the OS temp cleaner gets the rest.
        }
    }
}

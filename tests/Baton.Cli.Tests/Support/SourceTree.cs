namespace Baton.Cli.Tests.Support;

/// <summary>The checkout these tests were built from (the folder holding Baton.slnx).</summary>
internal static class SourceTree
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Baton.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"no Baton.slnx above {AppContext.BaseDirectory}");
    }
}

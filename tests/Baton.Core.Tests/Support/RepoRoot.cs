namespace Baton.Core.Tests.Support;

/// <summary>Finds the repository this test build came from.</summary>
internal static class RepoRoot
{
    public static string Find()
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

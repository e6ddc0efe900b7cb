using Baton.Service.Checks;

namespace Baton.Storage.Tests.Checks;

public sealed class WorkspaceSnapshotTests : IDisposable
{
    private readonly TempDirectory _repo = new();

    public void Dispose() => _repo.Dispose();

    private void Write(string path, string content)
    {
        var full = Path.Combine(_repo.Path, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    [Fact]
    public async Task ChangedSince_AddModifyDelete_AreEachReported()
    {
        Write("src/a.cs", "a");
        Write("src/b.cs", "b");
        Write("other/c.cs", "c");
        var before = await WorkspaceSnapshot.CaptureAsync(_repo.Path, ["src/**"], TestContext.Current.CancellationToken);
        Write("src/a.cs", "A"); // same length: only the hash tells
        File.Delete(Path.Combine(_repo.Path, "src/b.cs"));
        Write("src/new/d.cs", "d");
        Write("other/c.cs", "changed outside the globs");

        var changes = await before.ChangedSinceAsync(_repo.Path, TestContext.Current.CancellationToken);

        Assert.Equal(["src/new/d.cs"], changes.Added);
        Assert.Equal(["src/a.cs"], changes.Modified);
        Assert.Equal(["src/b.cs"], changes.Deleted);
        Assert.False(changes.Covers("other/c.cs"));
    }

    [Fact]
    public async Task Capture_NoGlobs_CoversTheTreeButNotGit()
    {
        Write("a.md", "a");
        Write(".git/HEAD", "ref");
        Write("deep/er/b.md", "b");

        var snapshot = await WorkspaceSnapshot.CaptureAsync(_repo.Path, [], TestContext.Current.CancellationToken);

        Assert.Equal(["a.md", "deep/er/b.md"], snapshot.Files.Keys);
    }

    [Fact]
    public async Task Capture_SingleFileGlob_StampsJustThatFile()
    {
        Write("notes.md", "n");
        Write("other.md", "o");

        var snapshot = await WorkspaceSnapshot.CaptureAsync(_repo.Path, ["notes.md"], TestContext.Current.CancellationToken);

        var stamp = Assert.Single(snapshot.Files).Value;
        Assert.Equal(1, stamp.Length);
        Assert.Equal(64, stamp.Sha256.Length);
    }
}

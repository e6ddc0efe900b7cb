using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary>Which store a verb uses: <c>--store</c>, <c>BATON_STORE</c>, the <c>.baton/store</c> that
/// <c>baton init --store</c> recorded, or <c>.baton/baton.db</c>; a bad value is refused with exit 2, naming where it
/// came from, never repeating a password, and changing nothing.</summary>
public sealed class StoreSelectionTests
{
    [Theory]
    [InlineData("mysql://root:hunter2@db/work")]
    [InlineData("postgres://root:hunter2@db.example.com")]
    public async Task Verb_StoreOptionNamesNoStore_ExitsTwoNamingItWithoutThePassword(string value)
    {
        using var repo = new TempRepo();

        var result = await repo.RunAsync("status", "--store", value, "--json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("--store", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stderr + result.Stdout, StringComparison.Ordinal);
        Assert.Equal("bad_request", result.Json().GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(repo.Root));
    }

    [Fact]
    public async Task Verb_EnvironmentNamesABadDatabase_ExitsTwoNamingTheVariable()
    {
        using var repo = new TempRepo();

        var result = await BatonCli.RunAsync(repo.Root, ["task", "list"], env: new Dictionary<string, string?> { ["BATON_STORE"] = "postgres://me:hunter2@db.example.com" });

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("BATON_STORE", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("names no database", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Init_StoreElsewhere_RecordsItOwnerOnly_AndLaterVerbsFindIt()
    {
        using var repo = new TempRepo();
        var elsewhere = repo.PathOf("shared/work.db");
        Directory.CreateDirectory(repo.PathOf("shared"));

        var init = await repo.RunOkAsync("init", "--store", "shared/work.db", "--json");
        await repo.RunOkAsync("task", "add", "--title", "kept elsewhere", "--id", "e1");
        Directory.CreateDirectory(repo.PathOf("src"));
        var listed = await BatonCli.RunAsync(repo.PathOf("src"), ["task", "list", "--json"]);

        Assert.Equal(elsewhere, init.Json().GetProperty("store").GetString());
        Assert.True(File.Exists(elsewhere));
        Assert.False(File.Exists(repo.PathOf(".baton/baton.db")), "init made the default store as well");
        Assert.Equal(elsewhere, (await File.ReadAllTextAsync(repo.PathOf(".baton/store"), TestContext.Current.CancellationToken)).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(repo.PathOf(".baton/store")));
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("\"e1\"", listed.Stdout, StringComparison.Ordinal);
        // The store file, not the repository's default, holds the task.
        var status = await repo.RunOkAsync("status", "--store", elsewhere, "--json");
        Assert.Equal(1, status.Json().GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Verb_RecordedStoreIsMissing_ExitsFiveNamingTheRecord()
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".baton"));
        await File.WriteAllTextAsync(repo.PathOf(".baton/store"), repo.PathOf("gone.db") + "\n", TestContext.Current.CancellationToken);

        var result = await repo.RunAsync("task", "list");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains(repo.PathOf(".baton/store"), result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.PathOf("gone.db")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Verb_RecordedStoreIsNoStore_ExitsTwo_AndTheRecordIsMadeOwnerOnly()
    {
        using var repo = new TempRepo();
        Directory.CreateDirectory(repo.PathOf(".baton"));
        var record = repo.PathOf(".baton/store");
        await File.WriteAllTextAsync(record, "redis://:hunter2@cache/0\n", TestContext.Current.CancellationToken);
        File.SetUnixFileMode(record, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var result = await repo.RunAsync("status");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(record, result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(record));
    }

    [Fact]
    public async Task StoreOption_WinsOverTheRecordedStore()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init", "--store", repo.PathOf("a.db"));
        await repo.RunOkAsync("task", "add", "--title", "in a", "--id", "a1");
        await repo.RunOkAsync("init", "--store", repo.PathOf("b.db"));

        var inB = await repo.RunOkAsync("task", "list", "--json");
        var inA = await repo.RunOkAsync("task", "list", "--json", "--store", repo.PathOf("a.db"));

        Assert.DoesNotContain("\"a1\"", inB.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"a1\"", inA.Stdout, StringComparison.Ordinal);
    }
}

using Baton.Cli.Tests.Crash;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Commands;

/// <summary><c>--store postgres://…</c> on the CLI with a real PostgreSQL: <c>baton init</c> makes the tables and records
/// the store, later verbs and <c>baton serve</c> find it, the repository's own token comes from the database's key, and a
/// store that cannot be used is refused with the right exit code, naming it without its password, changing nothing.</summary>
public sealed class PostgresStoreCliTests
{
    // The test server trusts every local login, so a password in the URL is accepted and never checked: enough to see that
    // it is never printed.
    private const string Password = "s3cret-pw";

    private static async Task<(string Url, string Display)> NewDatabaseAsync()
    {
        var url = await SharedPostgres.NewDatabaseAsync();
        return (url.Replace("postgres://postgres@", $"postgres://postgres:{Password}@", StringComparison.Ordinal), url);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task Init_PostgresStore_RecordsItOwnerOnly_AndLaterVerbsFindIt()
    {
        var (url, display) = await NewDatabaseAsync();
        using var repo = new TempRepo();

        var init = await repo.RunOkAsync("init", "--store", url, "--json");
        var added = await repo.RunOkAsync("task", "add", "--title", "in the database", "--id", "p1");
        Directory.CreateDirectory(repo.PathOf("src"));
        var listed = await BatonCli.RunAsync(repo.PathOf("src"), ["task", "list", "--json"]);
        var status = await repo.RunOkAsync("status");

        Assert.Equal(display, init.Json().GetProperty("store").GetString());
        Assert.Equal(url, (await File.ReadAllTextAsync(repo.PathOf(".baton/store"), TestContext.Current.CancellationToken)).Trim());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(repo.PathOf(".baton/store")));
        Assert.False(File.Exists(repo.PathOf(".baton/baton.db")), "init made a SQLite store as well");
        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains("\"p1\"", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains(display, status.Stdout + status.Stderr, StringComparison.Ordinal);
        foreach (var output in new[] { init, added, listed, status })
        {
            Assert.DoesNotContain(Password, output.Stdout + output.Stderr, StringComparison.Ordinal);
        }
        // The task is in the database itself: another repository that names the store sees it.
        using var other = new TempRepo();
        var there = await other.RunOkAsync("task", "list", "--json", "--store", url);
        Assert.Contains("\"p1\"", there.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnTheRecordedPostgresStore_ServesAWorkerEndToEnd_WithTheDatabasesToken()
    {
        var (url, display) = await NewDatabaseAsync();
        using var repo = new TempRepo();
        await repo.RunOkAsync("init", "--store", url);
        using var hub = await HubProcess.StartWithAsync(repo.Root, HubProcess.FreePort(), []);
        var server = hub.Url.ToString().TrimEnd('/');

        // No BATON_TOKEN: each call derives the repository's own token from the key the hub made in the database.
        await repo.RunOkAsync("task", "add", "--title", "served", "--id", "s1", "--server", server);
        var claim = await repo.RunOkAsync("claim", "--worker", "w1", "--server", server, "--json");
        await repo.RunOkAsync("report", "s1", "--worker", "w1", "--outcome", "done", "--summary", "did it", "--server", server);
        var status = await repo.RunOkAsync("status", "--server", server, "--json");
        var text = await repo.RunOkAsync("status", "--server", server);

        Assert.Equal("s1", claim.Json().GetProperty("task").GetProperty("id").GetString());
        Assert.Equal(display, status.Json().GetProperty("store").GetString());
        Assert.Equal(1, status.Json().GetProperty("counts").GetProperty("done").GetInt32());
        Assert.DoesNotContain("not this repository's store", text.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(repo.PathOf(".baton/hub.key")), "the hub on PostgreSQL wrote a key file");
        Assert.Contains($"(store {display},", hub.Log, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, hub.Log, StringComparison.Ordinal);
        await hub.StopAsync();
    }

    [Fact]
    public async Task TokenCommands_OnAPostgresStore_WorkOnTheDatabase()
    {
        var (url, _) = await NewDatabaseAsync();
        using var repo = new TempRepo();
        await repo.RunOkAsync("init", "--store", url);

        var made = await repo.RunOkAsync("token", "create", "--role", "observer", "--label", "wall", "--json");
        var id = made.Json().GetProperty("record").GetProperty("id").GetString()!;
        var listed = await repo.RunOkAsync("token", "list");
        await repo.RunOkAsync("token", "revoke", id);
        var after = await repo.RunOkAsync("token", "list", "--json");

        Assert.StartsWith("baton_" + id + ".", made.Json().GetProperty("token").GetString(), StringComparison.Ordinal);
        Assert.Contains("the access table of postgres://postgres@", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains(id, listed.Stdout, StringComparison.Ordinal);
        Assert.True(after.Json().GetProperty("tokens")[0].TryGetProperty("revoked_at", out _), after.Stdout);
        Assert.False(File.Exists(repo.PathOf(".baton/tokens.json")), "the token list went to a file");
    }

    [Fact]
    public async Task Run_OnTheRecordedPostgresStore_DoesThePlan_WithAgentTokensItMintsAndForgetsInTheDatabase()
    {
        var (url, _) = await NewDatabaseAsync();
        using var repo = await GitRepo.CreateAsync();
        Assert.Equal(0, (await repo.RunAsync("init", "--store", url)).ExitCode);
        await repo.WriteAsync("plan.json", """{"tasks": [{"id": "a", "title": "Write out/a.txt", "files": ["out/a.txt"]}]}""");
        var agent = await repo.ScriptAsync("agent.sh", """
            case "$BATON_TOKEN" in baton_local.*) echo "agent has the coordinator token";; baton_*) echo "agent has its own token";; esac
            mkdir -p out && echo "written by $BATON_WORKER" > out/a.txt
            """);

        var run = await repo.RunAsync("run", "--agent", agent, "--workers", "1", "--plan", "plan.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var log = await File.ReadAllTextAsync(repo.PathOf(".baton/logs/a-1.log"), TestContext.Current.CancellationToken);
        Assert.Contains("agent has its own token", log, StringComparison.Ordinal);
        var listed = await repo.RunAsync("task", "list", "--json");
        Assert.Contains("\"done\"", listed.Stdout, StringComparison.Ordinal);
        // The agents' tokens were minted in the database and forgotten there when the run ended.
        var tokens = await repo.RunAsync("token", "list", "--json");
        Assert.Equal(0, tokens.Json().GetProperty("tokens").GetArrayLength());
        Assert.False(File.Exists(repo.PathOf(".baton/baton.db")), "the run made a SQLite store");
        Assert.DoesNotContain(Password, run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbs_UnreachableServer_ExitSix_NamingTheStoreWithoutThePassword_AndChangeNothing()
    {
        await SharedPostgres.RequireAsync();
        var port = HubProcess.FreePort();
        var url = $"postgres://me:{Password}@127.0.0.1:{port}/work";
        using var repo = new TempRepo();

        foreach (var args in new[] { new[] { "init", "--store", url }, ["status", "--store", url], ["serve", "--store", url, "--urls", "http://127.0.0.1:0"] })
        {
            var result = await repo.RunAsync([.. args, "--json"]);

            Assert.True(result.ExitCode == 6, $"baton {args[0]}: {result}");
            Assert.Contains($"postgres://me@127.0.0.1:{port}/work", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Password, result.Stderr + result.Stdout, StringComparison.Ordinal);
            Assert.Equal("hub_unreachable", result.Json().GetProperty("error").GetProperty("code").GetString());
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(repo.Root));
    }

    [Fact]
    public async Task Init_DatabaseThatDoesNotExist_ExitsTwo_AndWritesNothing()
    {
        var server = await SharedPostgres.RequireAsync();
        using var repo = new TempRepo();

        var result = await repo.RunAsync("init", "--store", server.Url("no_such_database"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("no_such_database", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(repo.Root));
    }

    [Fact]
    public async Task Verb_DatabaseWithoutBatonsTables_ExitsFive_SayingHowToMakeThem()
    {
        var (url, display) = await NewDatabaseAsync();
        using var repo = new TempRepo();

        var result = await repo.RunAsync("task", "list", "--store", url);

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains($"baton init --store {display}", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, result.Stderr, StringComparison.Ordinal);
    }
}

using Baton.Cli.Tests.Crash;
using Baton.Cli.Tests.Support;

namespace Baton.Cli.Tests.Access;

/// <summary><c>baton token</c> against a real <c>baton serve</c>: the repository's own token needs no setup, a worker
/// token does only what a worker may, and a revoked one stops working.</summary>
public sealed class TokenCommandTests
{
    [Fact]
    public async Task WorkerToken_CanClaimButNotImport_AndRevokedItIsRefused()
    {
        using var repo = new TempRepo();
        await repo.RunOkAsync("init");
        await File.WriteAllTextAsync(repo.PathOf("plan.json"), CrashPlans.Independent(2), TestContext.Current.CancellationToken);
        using var hub = await HubProcess.StartAsync(repo.Root, HubProcess.FreePort());
        var server = hub.Url.ToString();

        // No token typed: the CLI derives the repository's own from .baton/hub.key.
        await repo.RunOkAsync("task", "import", "plan.json", "--server", server);

        var created = (await repo.RunOkAsync("token", "create", "--role", "worker", "--worker", "w1", "--label", "ci", "--json")).Json();
        var token = created.GetProperty("token").GetString()!;
        var id = created.GetProperty("record").GetProperty("id").GetString()!;
        Assert.StartsWith("baton_" + id + ".", token, StringComparison.Ordinal);
        var env = new Dictionary<string, string?> { ["BATON_TOKEN"] = token, ["BATON_SERVER"] = server };

        var import = await BatonCli.RunAsync(repo.Root, ["task", "import", "plan.json"], env: env);
        Assert.True(import.ExitCode == 8, import.ToString());
        Assert.Contains("needs the coordinator role", import.Stderr, StringComparison.Ordinal);
        var asOther = await BatonCli.RunAsync(repo.Root, ["claim", "--worker", "w2"], env: env);
        Assert.True(asOther.ExitCode == 8, asOther.ToString());
        Assert.Contains("bound to worker \"w1\"", asOther.Stderr, StringComparison.Ordinal);
        var claim = await BatonCli.RunAsync(repo.Root, ["claim", "--worker", "w1", "--json"], env: env);
        Assert.True(claim.ExitCode == 0, claim.ToString());

        var listed = await repo.RunOkAsync("token", "list");
        Assert.Contains(id, listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("worker w1", listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed.Stdout, StringComparison.Ordinal);

        await repo.RunOkAsync("token", "revoke", id);
        var revoked = await BatonCli.RunAsync(repo.Root, ["status"], env: env);
        Assert.True(revoked.ExitCode == 8, revoked.ToString());
        Assert.Contains("was revoked", revoked.Stderr, StringComparison.Ordinal);

        // A wrong token is refused with its reason; the repository's own still works.
        var wrong = await BatonCli.RunAsync(repo.Root, ["status", "--token", "baton_t1.AAAA"], env: new Dictionary<string, string?> { ["BATON_SERVER"] = server });
        Assert.True(wrong.ExitCode == 8, wrong.ToString());
        await repo.RunOkAsync("status", "--server", server);
    }
}

using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

/// <summary><see cref="LocalBatonOptions.AllowCommandChecks"/> false (<c>baton serve --no-command-checks</c>): no plan
/// brings a program to run, and none stored earlier is run.</summary>
public sealed class CommandChecksOffTests : IAsyncLifetime
{
    private readonly TempDirectory _repo = new();
    private SqliteStore _store = null!; // set in InitializeAsync
    private LocalBaton _api = null!; // set in InitializeAsync

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = Path.Combine(_repo.Path, ".baton", "baton.db"), CreateIfMissing = true }, Ct);
        _api = new LocalBaton(_store, TimeProvider.System, new LocalBatonOptions { AllowCommandChecks = false });
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _repo.Dispose();
    }

    [Fact]
    public async Task Import_PlanWithCommandCheck_IsForbiddenAndImportsNothing()
    {
        var imported = await _api.ImportAsync("""
            {"tasks": [
              {"id": "docs", "title": "docs", "acceptance": [{"check": "file_exists", "path": "a.md"}]},
              {"id": "build", "title": "build", "acceptance": ["compiles", {"check": "command", "run": ["make"]}]},
              {"id": "lint", "title": "lint", "acceptance": [{"check": "command", "run": "make lint", "shell": true}]}
            ]}
            """, Ct);

        Assert.Equal(ErrorCode.Forbidden, imported.Error?.Code);
        Assert.Equal(8, imported.Error!.Code.ExitCode());
        Assert.Equal("plan refused: command checks are turned off (the hub was started with --no-command-checks), and 2 task(s) have one: build, lint; nothing was imported",
            imported.Error.Message);
        Assert.Empty((await _api.ListTasksAsync(new TaskQuery(), Ct)).Value);
    }

    [Fact]
    public async Task Import_PlanWithoutCommandCheck_IsImported()
    {
        var imported = await _api.ImportAsync("""{"tasks": [{"id": "docs", "title": "docs", "acceptance": [{"check": "file_exists", "path": "a.md"}]}]}""", Ct);

        Assert.True(imported.IsOk, imported.Error?.Message);
    }

    [Fact]
    public async Task Report_StoredCommandCheck_FailsWithoutRunning()
    {
        // Imported while command checks were allowed, e.g. before the hub was restarted with --no-command-checks.
        await using (var before = new LocalBaton(_store, TimeProvider.System))
        {
            var imported = await before.ImportAsync("""{"tasks": [{"id": "t", "title": "t", "acceptance": [{"check": "command", "run": ["touch", "ran"]}]}]}""", Ct);
            Assert.True(imported.IsOk, imported.Error?.Message);
        }
        Assert.True((await _api.ClaimAsync(new ClaimRequest { Worker = new WorkerId("w1") }, Ct)).IsOk);

        var report = await _api.ReportAsync(new ReportRequest
        {
            TaskId = new TaskId("t"),
            Worker = new WorkerId("w1"),
            Outcome = ReportOutcome.Done,
            Summary = "done",
        }, Ct);

        Assert.True(report.IsOk, report.Error?.Message);
        Assert.Contains("was not run: command checks are turned off", Assert.Single(report.Value.Checks!.Failures).Message, StringComparison.Ordinal);
        Assert.NotEqual(TaskState.Done, report.Value.Task.State);
        Assert.False(File.Exists(Path.Combine(_repo.Path, "ran")));
    }
}

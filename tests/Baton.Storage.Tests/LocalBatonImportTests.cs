using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Service;
using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

/// <summary>Local mode's import: the plan's size bounds and the token, on a real store.</summary>
public sealed class LocalBatonImportTests : IAsyncLifetime
{
    private readonly TempDirectory _repo = new();
    private SqliteStore _store = null!; // set in InitializeAsync

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
        => _store = await SqliteStore.OpenAsync(new SqliteStoreOptions { DatabasePath = Path.Combine(_repo.Path, ".baton", "baton.db"), CreateIfMissing = true }, Ct);

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        _repo.Dispose();
    }

    private static string Plan(int tasks)
        => "[" + string.Join(",", Enumerable.Range(0, tasks).Select(i => $$"""{"id": "t{{i}}", "title": "T", "files": "src/t{{i}}.cs"}""")) + "]";

    [Fact]
    public async Task ImportAsync_MoreTasksThanMaxPlanTasks_IsRefusedAndChangesNothing_Invariant5()
    {
        var api = new LocalBaton(_store, TimeProvider.System, new LocalBatonOptions { MaxPlanTasks = 3 });

        var refused = await api.ImportAsync(Plan(4), Ct);
        var accepted = await api.ImportAsync("[{\"id\": \"other\", \"title\": \"O\"}]", Ct);

        Assert.Equal(ErrorCode.LimitExceeded, refused.Error?.Code);
        Assert.Equal("plan rejected: it has 4 tasks, over the limit of 3 tasks per plan", refused.Error!.Message);
        Assert.True(accepted.IsOk);
        Assert.Equal(["other"], (await _store.ListTasksAsync(TaskQuery.All, DateTimeOffset.UnixEpoch, Ct)).Select(t => t.Id.Value));
    }

    [Fact]
    public async Task ImportAsync_PlanOverMaxPlanBytes_IsRefusedAndChangesNothing_Invariant5()
    {
        var plan = Plan(10);
        var api = new LocalBaton(_store, TimeProvider.System, new LocalBatonOptions { MaxPlanBytes = plan.Length - 1 });

        var refused = await api.ImportAsync(plan, Ct);

        Assert.Equal(ErrorCode.LimitExceeded, refused.Error?.Code);
        Assert.Contains($"it is {plan.Length:N0} bytes, over the limit of {plan.Length - 1:N0} bytes", refused.Error!.Message, StringComparison.Ordinal);
        Assert.Empty(await _store.ListTasksAsync(TaskQuery.All, DateTimeOffset.UnixEpoch, Ct));
    }

    [Fact]
    public async Task ImportAsync_DefaultLimits_TakeAHundredThousandTasks()
    {
        var api = new LocalBaton(_store, TimeProvider.System);

        var refused = await api.ImportAsync(Plan(100_001), Ct);

        Assert.Equal(ErrorCode.LimitExceeded, refused.Error?.Code);
        Assert.Equal("plan rejected: it has 100,001 tasks, over the limit of 100,000 tasks per plan", refused.Error!.Message);
    }

    [Fact]
    public async Task ImportAsync_Cancelled_ThrowsAndChangesNothing()
    {
        var api = new LocalBaton(_store, TimeProvider.System);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => api.ImportAsync(Plan(10), cancel.Token));

        Assert.Empty(await _store.ListTasksAsync(TaskQuery.All, DateTimeOffset.UnixEpoch, Ct));
    }
}

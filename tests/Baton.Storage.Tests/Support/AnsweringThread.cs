using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests.Support;

/// <summary>Which thread a store write's caller continues on after the write is settled.</summary>
internal static class AnsweringThread
{
    public static async Task<string?> OfAWriteAsync(SqliteStore store, CancellationToken ct)
    {
        // The writer is held, so the write is still queued when its continuation is attached (a write
        // already finished would run the continuation on this thread instead).
        await using var hold = WriterHold.Start(store, ct);
        var write = store.WriteAsync(scope => scope.Exec("INSERT INTO meta(key, value) VALUES ('test-answer', '1')"), ct);
        var answeredOn = write.ContinueWith(_ => Thread.CurrentThread.Name, ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        await hold.ReleaseAsync();
        Assert.Equal(1, await write);
        return await answeredOn;
    }
}

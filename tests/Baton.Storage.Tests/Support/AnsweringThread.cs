using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests.Support;

/// <summary>Which thread a store write's caller continues on after the write is settled.</summary>
internal static class AnsweringThread
{
    public static async Task<string?> OfAWriteAsync(SqliteStore store, CancellationToken ct)
    {
        using var running = new ManualResetEventSlim();
        using var gate = new ManualResetEventSlim();
        // Holds the writer, so the probe below is still queued when its continuation is attached (a write
        // already finished would run the continuation on this thread instead).
        var holder = store.WriteAsync(_ =>
        {
            running.Set();
            gate.Wait(ct);
            return 0;
        }, ct);
        Assert.True(running.Wait(TimeSpan.FromSeconds(30), ct));
        var write = store.WriteAsync(scope => scope.Exec("INSERT INTO meta(key, value) VALUES ('test-answer', '1')"), ct);
        var answeredOn = write.ContinueWith(_ => Thread.CurrentThread.Name, ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        gate.Set();
        await holder;
        Assert.Equal(1, await write);
        return await answeredOn;
    }
}

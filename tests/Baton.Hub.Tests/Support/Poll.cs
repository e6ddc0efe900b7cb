using System.Diagnostics;

namespace Baton.Hub.Tests.Support;

internal static class Poll
{
    /// <summary>Looks again every 20 ms until <paramref name="condition"/> holds; fails after <see cref="TestTimeouts.Default"/>.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var started = Stopwatch.GetTimestamp();
        while (!await condition())
        {
            Assert.True(Stopwatch.GetElapsedTime(started) < TestTimeouts.Default, $"the condition did not hold within {TestTimeouts.Default.TotalSeconds} s");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }
}

using System.Diagnostics;
using Baton.Storage.Sqlite;

namespace Baton.Storage.Tests;

public sealed class ArrivalGaugeTests
{
    private static readonly long Ms = Stopwatch.Frequency / 1000;

    [Fact]
    public void AFreshGauge_IsQuiet()
        => Assert.True(new ArrivalGauge().Quiet);

    [Fact]
    public void OneWorkersRoundTrips_AreQuiet()
    {
        // Each write is answered in 0.5 ms and the next arrives 1 ms after the last.
        var gauge = new ArrivalGauge();
        var now = 1_000 * Ms;
        for (var i = 0; i < 50; i++)
        {
            gauge.Arrived(now);
            gauge.Answered(Ms / 2);
            now += Ms;
        }
        Assert.True(gauge.Quiet);
    }

    [Fact]
    public void WritesCloserThanTheirAnswers_AreNotQuiet_UntilTheyThinOut()
    {
        // Eight workers: arrivals 0.25 ms apart, each answered after 2 ms.
        var gauge = new ArrivalGauge();
        var now = 1_000 * Ms;
        for (var i = 0; i < 50; i++)
        {
            gauge.Arrived(now);
            gauge.Answered(2 * Ms);
            now += Ms / 4;
        }
        Assert.False(gauge.Quiet);

        // Load falls to one worker again.
        for (var i = 0; i < 50; i++)
        {
            now += Ms;
            gauge.Arrived(now);
            gauge.Answered(Ms / 2);
        }
        Assert.True(gauge.Quiet);
    }

    [Fact]
    public void OneLongWrite_DoesNotSilenceTheGaugeForLong()
    {
        // A large import answered after a second counts as 10 ms: twenty round trips later the worker's
        // writes go alone again (counted whole, it would take about forty).
        var gauge = new ArrivalGauge();
        var now = 1_000 * Ms;
        gauge.Arrived(now);
        gauge.Answered(1_000 * Ms);
        for (var i = 0; i < 20; i++)
        {
            now += Ms;
            gauge.Arrived(now);
            gauge.Answered(Ms / 2);
        }
        Assert.True(gauge.Quiet);
    }
}

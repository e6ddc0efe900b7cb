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
        Pace(gauge, 1_000 * Ms, 50, gap: Ms, answer: Ms / 2);
        Assert.True(gauge.Quiet);
    }

    [Fact]
    public void WritesCloserThanTheirAnswers_AreNotQuiet_UntilTheyThinOut()
    {
        // Eight workers: arrivals 0.25 ms apart, each answered after 2 ms.
        var gauge = new ArrivalGauge();
        var now = Pace(gauge, 1_000 * Ms, 50, gap: Ms / 4, answer: 2 * Ms);
        Assert.False(gauge.Quiet);

        // Load falls to one worker again.
        Pace(gauge, now, 50, gap: Ms, answer: Ms / 2);
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
        Pace(gauge, now, 20, gap: Ms, answer: Ms / 2);
        Assert.True(gauge.Quiet);
    }

    // Feeds the gauge writes arriving one gap apart after from, each answered after answer; returns the last arrival.
    private static long Pace(ArrivalGauge gauge, long from, int count, long gap, long answer)
    {
        var now = from;
        for (var i = 0; i < count; i++)
        {
            now += gap;
            gauge.Arrived(now);
            gauge.Answered(answer);
        }
        return now;
    }
}

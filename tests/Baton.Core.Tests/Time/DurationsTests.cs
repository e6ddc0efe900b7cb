using Baton.Core.Time;

namespace Baton.Core.Tests.Time;

public sealed class DurationsTests
{
    public static TheoryData<string, TimeSpan> Valid => new()
    {
        { "250ms", TimeSpan.FromMilliseconds(250) },
        { "90s", TimeSpan.FromSeconds(90) },
        { "10m", TimeSpan.FromMinutes(10) },
        { "1h", TimeSpan.FromHours(1) },
        { "1h30m", TimeSpan.FromMinutes(90) },
        { "2d", TimeSpan.FromDays(2) },
        { "1d2h3m4s5ms", new TimeSpan(1, 2, 3, 4, 5) },
        { "90", TimeSpan.FromSeconds(90) },
        { "0", TimeSpan.Zero },
        { "1.5h", TimeSpan.FromMinutes(90) },
        { " 10m ", TimeSpan.FromMinutes(10) },
        { "0.5ms", TimeSpan.FromTicks(5000) },
    };

    [Theory]
    [MemberData(nameof(Valid))]
    public void TryParse_ValidText_GivesDuration(string text, TimeSpan expected)
    {
        Assert.True(Durations.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("-5s")]
    [InlineData("-5")]
    [InlineData("abc")]
    [InlineData("10 s")]
    [InlineData("10x")]
    [InlineData("1h 30m")]
    [InlineData("30m1h")]
    [InlineData("1m1m")]
    [InlineData("1h30")]
    [InlineData("m")]
    [InlineData(".5s")]
    [InlineData("5.s")]
    [InlineData("1.2.3s")]
    [InlineData("10M")]
    [InlineData("99999999999999999999d")]
    [InlineData("30000000d")]
    public void TryParse_Garbage_IsFalse(string? text) => Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(250, "250ms")]
    [InlineData(90_000, "1m30s")]
    [InlineData(600_000, "10m")]
    [InlineData(5_400_000, "1h30m")]
    [InlineData(172_800_000, "2d")]
    [InlineData(1_500, "1s500ms")]
    [InlineData(-90_000, "-1m30s")]
    public void Format_Duration_UsesLargestUnits(long milliseconds, string expected)
        => Assert.Equal(expected, Durations.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Fact]
    public void Format_SubMillisecond_WritesFraction() => Assert.Equal("0.5ms", Durations.Format(TimeSpan.FromTicks(5000)));

    [Fact]
    public void Format_MinValue_DoesNotOverflow() => Assert.StartsWith("-", Durations.Format(TimeSpan.MinValue), StringComparison.Ordinal);

    [Fact]
    public void Format_ThenTryParse_RoundTrips()
    {
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var value = TimeSpan.FromTicks(random.NextInt64(0, TimeSpan.FromDays(400).Ticks));
            Assert.True(Durations.TryParse(Durations.Format(value), out var back), Durations.Format(value));
            Assert.Equal(value, back);
        }
    }
}

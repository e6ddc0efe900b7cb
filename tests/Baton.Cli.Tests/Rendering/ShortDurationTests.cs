using Baton.Cli.Rendering;

namespace Baton.Cli.Tests.Rendering;

public sealed class ShortDurationTests
{
    [Theory]
    [InlineData(450, "450ms")]
    [InlineData(12_000, "12s")]
    [InlineData(-12_000, "12s")]
    [InlineData(600_000, "10m")]
    [InlineData(9_000_000, "2.5h")]
    public void Format_Span_ShowsOneRoundedUnit(double milliseconds, string expected)
        => Assert.Equal(expected, ShortDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}

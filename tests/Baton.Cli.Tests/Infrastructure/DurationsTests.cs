using Baton.Cli.Infrastructure;

namespace Baton.Cli.Tests.Infrastructure;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("600", 600_000)]
    [InlineData("90s", 90_000)]
    [InlineData("10m", 600_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("250ms", 250)]
    [InlineData("1.5m", 90_000)]
    public void TryParse_ValidText_ReadsDuration(string text, double milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var span));
        Assert.Equal(milliseconds, span.TotalMilliseconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("10x")]
    public void TryParse_InvalidText_IsRefused(string text)
        => Assert.False(Durations.TryParse(text, out _));
}

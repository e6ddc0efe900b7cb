using Baton.Cli.Rendering;

namespace Baton.Cli.Tests.Rendering;

public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("\u001b[31mred\u001b[0m", "\\u001b[31mred\\u001b[0m")]
    [InlineData("bell\a", "bell\\u0007")]
    [InlineData("over\rwrite", "over\\u000dwrite")]
    [InlineData("csi\u009b2J del\u007f", "csi\\u009b2J del\\u007f")]
    [InlineData("null\0", "null\\u0000")]
    [InlineData("two\nlines\tand a tab", "two\nlines\tand a tab")]
    [InlineData("windows\r\nline end", "windows\r\nline end")]
    [InlineData("plain é ✓", "plain é ✓")]
    public void Escape_ControlCharacters_AreWrittenAsEscapes(string text, string expected)
        => Assert.Equal(expected, TerminalText.Escape(text));

    [Fact]
    public void Escape_CleanText_IsTheSameInstance()
    {
        var text = "nothing to escape\n";

        Assert.Same(text, TerminalText.Escape(text));
    }

    [Fact]
    public void Markup_EscapesControlsAndSpectreBrackets()
        => Assert.Equal("[[b]]\\u001b[[2J", TerminalText.Markup("[b]\u001b[2J"));
}

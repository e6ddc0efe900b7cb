using Baton.Core.Checks;

namespace Baton.Core.Tests.Checks;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("dotnet test", new[] { "dotnet", "test" })]
    [InlineData("  a   b\tc  ", new[] { "a", "b", "c" })]
    [InlineData("grep -q \"hello world\" out.txt", new[] { "grep", "-q", "hello world", "out.txt" })]
    [InlineData("echo \"say \\\"hi\\\"\" \"\"", new[] { "echo", "say \"hi\"", "" })]
    [InlineData("a\"b c\"d", new[] { "ab cd" })]
    [InlineData("echo 'x y'", new[] { "echo", "'x", "y'" })]
    public void TrySplit_Command_GivesArguments(string text, string[] expected)
    {
        Assert.True(CommandLine.TrySplit(text, out var arguments, out var problem), problem);
        Assert.Equal(expected, arguments);
    }

    [Theory]
    [InlineData("echo \"x", "has an unclosed double quote")]
    [InlineData("   ", "names no program to run")]
    [InlineData("\"\" x", "names no program to run")]
    public void TrySplit_Bad_GivesProblem(string text, string expected)
    {
        Assert.False(CommandLine.TrySplit(text, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void Join_ThenSplit_RoundTrips()
    {
        string[] arguments = ["sh", "-c", "echo \"a b\" \\ done", ""];

        Assert.True(CommandLine.TrySplit(CommandLine.Join(arguments), out var split, out _));
        Assert.Equal(arguments, split);
    }
}

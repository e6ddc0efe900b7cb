using Baton.Core.Globs;

namespace Baton.Core.Tests.Globs;

public sealed class RepoPathsTests
{
    [Theory]
    [InlineData("src/api/users.cs", "src/api/users.cs")]
    [InlineData("./src/**", "src/**")]
    [InlineData("src/./a.cs", "src/a.cs")]
    [InlineData("src/x/../a.cs", "src/a.cs")]
    [InlineData("**/*.md", "**/*.md")]
    [InlineData("{src,test}/**", "{src,test}/**")]
    [InlineData("a/...", "a/...")]
    public void TryNormalize_ValidPath_GivesNormalForm(string input, string expected)
    {
        Assert.True(RepoPaths.TryNormalize(input, out var normalized, out var problem), problem);
        Assert.Equal(expected, normalized);
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("../x", "'../x' is outside the repository")]
    [InlineData("src/../../x", "'src/../../x' is outside the repository")]
    [InlineData("/etc/passwd", "'/etc/passwd' is absolute; give a path relative to the repository root")]
    [InlineData("C:/x", "'C:/x' is absolute; give a path relative to the repository root")]
    [InlineData("src\\a.cs", "'src\\a.cs' contains '\\'; use '/' as the separator")]
    [InlineData("src//a.cs", "'src//a.cs' has an empty segment")]
    [InlineData("src/", "'src/' ends with '/'; write 'src/**' for everything under it")]
    [InlineData("", "is empty")]
    [InlineData("  ", "is empty")]
    [InlineData("a\0b", "contains a NUL character")]
    [InlineData(".", "'.' names the repository root; use '**' for every file")]
    [InlineData("src/..", "'src/..' names the repository root; use '**' for every file")]
    [InlineData("src/*/../x", "'src/*/../x' has '..' after a wildcard segment")]
    [InlineData(" src/a.cs", "' src/a.cs' starts or ends with white space")]
    public void TryNormalize_BadPath_NamesTheProblem(string input, string expected)
    {
        Assert.False(RepoPaths.TryNormalize(input, out _, out var problem));
        Assert.Equal(expected, problem);
    }

    [Fact]
    public void TryNormalize_TooLong_IsRejected()
    {
        Assert.False(RepoPaths.TryNormalize(new string('a', RepoPaths.MaxLength + 1), out _, out var problem));
        Assert.Equal("is longer than 1024 characters", problem);
    }

    [Fact]
    public void TryNormalize_TooManyBraceAlternatives_IsRejected()
    {
        var glob = string.Concat(Enumerable.Repeat("{a,b}", 9)); // 512 alternatives
        Assert.False(RepoPaths.TryNormalize(glob, out _, out var problem));
        Assert.Equal($"'{glob}' expands to more than 256 alternatives", problem);
    }

    [Fact]
    public void TryNormalize_WithRepositoryRoot_AcceptsPathsInside()
    {
        var root = Path.Combine(Path.GetTempPath(), "baton-root-test");
        Assert.True(RepoPaths.TryNormalize("src/x/../a.cs", root, out var normalized, out _));
        Assert.Equal("src/a.cs", normalized);
        Assert.True(RepoPaths.TryNormalize("src/**/*.cs", root, out _, out _));
    }

    [Fact]
    public void TryNormalize_WithRepositoryRoot_RejectsEscape()
    {
        var root = Path.Combine(Path.GetTempPath(), "baton-root-test");
        Assert.False(RepoPaths.TryNormalize("../x", root, out _, out var problem));
        Assert.Equal("'../x' is outside the repository", problem);
    }
}

using Baton.Core.Globs;

namespace Baton.Core.Tests.Globs;

public sealed class GlobMatcherTests
{
    [Theory]
    [InlineData("src/api/**", "src/api/users.cs")]
    [InlineData("src/api/**", "src/api/v1/users.cs")]
    [InlineData("**/*.md", "intro.md")]
    [InlineData("**/*.md", "docs/a/b/intro.md")]
    [InlineData("src/*.cs", "src/a.cs")]
    [InlineData("a/**/b", "a/b")]
    [InlineData("a/**/b", "a/x/y/b")]
    [InlineData("src/[a-c]?.cs", "src/bx.cs")]
    [InlineData("src/[!a]*.cs", "src/b.cs")]
    [InlineData("{src,test}/**/*.{cs,md}", "test/x/readme.md")]
    [InlineData("src/*", "src/*")]
    [InlineData("file[.cs", "file[.cs")]
    public void IsMatch_MatchingPath_IsTrue(string glob, string path) => Assert.True(GlobMatcher.IsMatch(glob, path));

    [Theory]
    [InlineData("src/*.cs", "src/a/b.cs")]
    [InlineData("src/api/**", "src/apix/users.cs")]
    [InlineData("**/*.md", "docs/intro.txt")]
    [InlineData("a/**/b", "a/b/c")]
    [InlineData("src/[a-c].cs", "src/d.cs")]
    [InlineData("src/[!a].cs", "src/a.cs")]
    [InlineData("src/?.cs", "src/.cs")]
    [InlineData("src/a.cs", "src/A.cs")]
    [InlineData("{src,test}/*.cs", "docs/a.cs")]
    [InlineData("src/x", "src/*")]
    public void IsMatch_OtherPath_IsFalse(string glob, string path) => Assert.False(GlobMatcher.IsMatch(glob, path));

    [Fact]
    public void IsMatch_PathWithGlobCharacters_TreatsThemLiterally()
    {
        Assert.False(GlobMatcher.IsMatch("src/a", "src/?"));
        Assert.True(GlobMatcher.IsMatch("src/?", "src/?"));
        Assert.False(GlobMatcher.IsMatch("a/b", "**"));
    }

    [Fact]
    public void IsMatchAny_AnyGlobMatching_IsTrue()
    {
        Assert.True(GlobMatcher.IsMatchAny(["docs/**", "src/*.cs"], "src/a.cs"));
        Assert.False(GlobMatcher.IsMatchAny(["docs/**", "src/*.cs"], "test/a.cs"));
    }
}

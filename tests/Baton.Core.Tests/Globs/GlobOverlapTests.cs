using Baton.Core.Globs;

namespace Baton.Core.Tests.Globs;

public sealed class GlobOverlapTests
{
    [Theory]
    [InlineData("src/api/**", "src/api/users.cs")]
    [InlineData("**/*.md", "docs/intro.md")]
    [InlineData("a/*/c", "a/b/*")]
    [InlineData("**", "anything/at/all.txt")]
    [InlineData("**", "x")]
    [InlineData("src/a*.cs", "src/*b.cs")]
    [InlineData("src/**/*.cs", "src/Foo.cs")]
    [InlineData("**/test/**", "src/test/x.cs")]
    [InlineData("**/a/**", "**/b/**")]
    [InlineData("a/**/b/**/c", "a/b/c")]
    [InlineData("*", "*")]
    [InlineData("*.cs", "Program.cs")]
    [InlineData("src/?.cs", "src/a.cs")]
    [InlineData("src/[abc].cs", "src/b.cs")]
    [InlineData("src/[a-c].cs", "src/[b-d].cs")]
    [InlineData("src/[!a].cs", "src/b.cs")]
    [InlineData("src/[!a].cs", "src/[!b].cs")]
    [InlineData("src/{api,web}/**", "src/web/index.ts")]
    [InlineData("{src,test}/**/*.{cs,md}", "test/x/readme.md")]
    [InlineData("docs/**", "docs")]
    [InlineData("a*b*c", "*abc*")]
    [InlineData("src/**", "src/**")]
    [InlineData("*.md", ".hidden.md")]
    [InlineData("src/Baton.Core/Globs/GlobOverlap.cs", "src/Baton.Core/Globs/GlobOverlap.cs")]
    [InlineData("src//a.cs", "src/a.cs")]
    [InlineData("src/{a}.cs", "src/{a}.cs")]
    [InlineData("src/[a.cs", "src/[a.cs")]
    public void CanOverlap_WhenSomePathMatchesBoth_IsTrue(string a, string b)
    {
        Assert.True(GlobOverlap.CanOverlap(a, b));
        Assert.True(GlobOverlap.CanOverlap(b, a));
    }

    [Theory]
    [InlineData("src/*.cs", "src/a/b.cs")]
    [InlineData("src/**", "test/**")]
    [InlineData("*.md", "*.txt")]
    [InlineData("src/a*", "src/b*")]
    [InlineData("src/api/users.cs", "src/api/orders.cs")]
    [InlineData("a/b", "a/b/c")]
    [InlineData("a/*", "a")]
    [InlineData("src/[abc].cs", "src/d.cs")]
    [InlineData("src/[a-c].cs", "src/[d-f].cs")]
    [InlineData("src/[!a].cs", "src/a.cs")]
    [InlineData("src/[!ab].cs", "src/[ab].cs")]
    [InlineData("src/?.cs", "src/ab.cs")]
    [InlineData("src/{api,web}/**", "src/db/**")]
    [InlineData("**/*.md", "**/*.cs")]
    [InlineData("a/**/x.cs", "b/**/x.cs")]
    [InlineData("*a", "*b")]
    [InlineData("a*", "b*")]
    [InlineData("**/a/b", "**/a/c")]
    [InlineData("Docs/**", "docs/**")]
    [InlineData("src/Baton.Core/Globs/GlobOverlap.cs", "src/Baton.Core/Globs/GlobMatcher.cs")]
    [InlineData("src/a.cs", "src/a.csx")]
    [InlineData("src/ab/x.cs", "src/a/x.cs")]
    [InlineData("src/{a}.cs", "src/{b}.cs")]
    public void CanOverlap_WhenNoPathMatchesBoth_IsFalse(string a, string b)
    {
        Assert.False(GlobOverlap.CanOverlap(a, b));
        Assert.False(GlobOverlap.CanOverlap(b, a));
    }

    [Fact]
    public void CanOverlap_IdenticalLiteralPaths_IsTrue() => Assert.True(GlobOverlap.CanOverlap("src/x.cs", "src/x.cs"));

    [Fact]
    public void CanOverlap_UnclosedBracketAndBrace_AreLiteral()
    {
        Assert.True(GlobOverlap.CanOverlap("src/[a.cs", "src/*.cs"));
        Assert.False(GlobOverlap.CanOverlap("src/[a.cs", "src/a.cs"));
        Assert.True(GlobOverlap.CanOverlap("src/{a.cs", "src/{a.cs"));
        Assert.False(GlobOverlap.CanOverlap("src/{a}.cs", "src/a.cs"));
    }

    [Fact]
    public void CanOverlap_NestedBraces_ExpandsEveryAlternative()
    {
        Assert.True(GlobOverlap.CanOverlap("src/{a,b{1,2}}.cs", "src/b2.cs"));
        Assert.False(GlobOverlap.CanOverlap("src/{a,b{1,2}}.cs", "src/b3.cs"));
    }

    [Fact]
    public void CanOverlap_TooManyAlternatives_ErrsTowardOverlap()
    {
        var huge = string.Concat(Enumerable.Repeat("{a,b}", 10)); // 1024 alternatives
        Assert.True(GlobOverlap.CanOverlap(huge, "zzz"));
    }

    [Fact]
    public void CanOverlap_LongGlobsBeyondStackBuffers_StillDecides()
    {
        var deep = string.Join('/', Enumerable.Repeat("*", 40)) + "/x.cs";
        var longSegment = new string('a', 2000) + "*";
        Assert.True(GlobOverlap.CanOverlap(deep, "**/x.cs"));
        Assert.False(GlobOverlap.CanOverlap(deep, "**/y.cs"));
        Assert.True(GlobOverlap.CanOverlap(longSegment, "*" + new string('a', 1500)));
        Assert.False(GlobOverlap.CanOverlap(longSegment, "b*"));
    }

    [Fact]
    public void CanOverlap_WithoutBraces_DoesNotAllocate()
    {
        string[] globs = ["src/api/**", "src/api/users.cs", "**/*.md", "docs/intro.md", "src/[a-c]*.cs", "a/*/c", "a/b/*"];
        foreach (var a in globs)
        {
            foreach (var b in globs)
            {
                GlobOverlap.CanOverlap(a, b); // warm up: JIT and tiering happen here
            }
        }
        // The runtime may allocate on this thread once while it tiers the code up (6,472 bytes, once, in a CI
        // run); code that allocates does so on every pass. So one pass of 100 rounds out of five must be clean.
        var allocated = -1L;
        for (var pass = 0; pass < 5 && allocated != 0; pass++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var round = 0; round < 100; round++)
            {
                foreach (var a in globs)
                {
                    foreach (var b in globs)
                    {
                        GlobOverlap.CanOverlap(a, b);
                    }
                }
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void FirstOverlap_ReturnsFirstOverlappingPair()
    {
        var pair = GlobOverlap.FirstOverlap(["docs/**", "src/api/**"], ["test/**", "src/api/users.cs"]);
        Assert.Equal(("src/api/**", "src/api/users.cs"), pair);
        Assert.Null(GlobOverlap.FirstOverlap(["docs/**"], ["src/**"]));
    }
}

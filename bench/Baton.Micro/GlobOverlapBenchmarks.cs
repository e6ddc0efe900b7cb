using Baton.Core.Globs;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// <see cref="GlobOverlap.CanOverlap"/> on single pairs of globs: the decision behind every file reservation.
/// </summary>
[MemoryDiagnoser]
public class GlobOverlapBenchmarks
{
    /// <summary>Representative pairs (names of at most 20 characters, which the results table shows whole).</summary>
    public static IEnumerable<GlobPair> Pairs() =>
    [
        new("same literal", "src/Baton.Core/Globs/GlobOverlap.cs", "src/Baton.Core/Globs/GlobOverlap.cs"),
        new("two literals", "src/Baton.Core/Globs/GlobOverlap.cs", "src/Baton.Core/Globs/GlobMatcher.cs"),
        new("src/** vs file", "src/**", "src/a/b.cs"),
        new("*/a.cs vs shared/*", "src/*/a.cs", "src/shared/*.cs"),
        new("**/*.cs vs docs/**", "**/*.cs", "docs/**/*.md"),
        new("char classes", "src/[a-m]*/x.cs", "src/[n-z]*/x.cs"),
        new("braces", "src/{Core,Hub}/**/*.cs", "src/Hub/{Api,Ws}/*.{cs,json}"),
        new("deep literals", "src/Baton.Core/Globs/Deep/Er/Still/Deeper/One.cs", "src/Baton.Core/Globs/Deep/Er/Still/Deeper/Two.cs"),
        new("deep ** vs **", "src/**/Tests/**/*Tests.cs", "src/**/Docs/**/*.md"),
    ];

    /// <summary>One overlap decision.</summary>
    [Benchmark]
    [ArgumentsSource(nameof(Pairs))]
    public bool CanOverlap(GlobPair pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return GlobOverlap.CanOverlap(pair.A, pair.B);
    }
}

/// <summary>Two globs and a short name for the results table.</summary>
public sealed record GlobPair(string Name, string A, string B)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}

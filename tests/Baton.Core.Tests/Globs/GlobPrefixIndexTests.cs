using Baton.Core.Globs;

namespace Baton.Core.Tests.Globs;

public sealed class GlobPrefixIndexTests
{
    private static readonly string[] Segments = ["a", "b", "ab", "*", "a*", "?", "[ab]", "**", "{a,b}", "b{a,c}"];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CandidatePairs_RandomGlobs_IncludeEveryOverlappingPair(int seed)
    {
        // The index may only leave out pairs that cannot overlap: GlobOverlap decides the rest.
        var random = new Random(seed);
        var owners = Enumerable.Range(0, 60)
            .Select(_ => (IReadOnlyList<string>)[.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => RandomGlob(random))])
            .ToList();

        var candidates = Candidates(owners);

        for (var i = 0; i < owners.Count; i++)
        {
            for (var j = i + 1; j < owners.Count; j++)
            {
                if (GlobOverlap.FirstOverlap(owners[i], owners[j]) is { } pair)
                {
                    Assert.True(candidates.Contains((i, j)), $"{i} and {j} overlap ({pair.GlobA} ~ {pair.GlobB}) but are no candidates");
                }
            }
        }
    }

    [Fact]
    public void CandidatePairs_OwnFolders_GivesNone()
    {
        var owners = Enumerable.Range(0, 1_000)
            .Select(i => (IReadOnlyList<string>)[$"src/m{i}/**", $"docs/m{i}.md"])
            .ToList();

        Assert.Empty(Candidates(owners));
    }

    [Fact]
    public void CandidatePairs_SharedPrefixes_PairsOnlyTheOwnersUnderThem()
    {
        IReadOnlyList<string>[] owners = [["src/**"], ["src/a.cs"], ["docs/a.md"], ["**/*.md"], ["src/a*"], ["src/b/{x,y}.cs"]];

        var candidates = Candidates(owners);

        Assert.Equal([(0, 1), (0, 3), (0, 4), (0, 5), (1, 3), (1, 4), (2, 3), (3, 4), (3, 5)], candidates.Order());
    }

    [Fact]
    public void CandidatePairs_PastMaxLooks_StopsAndSaysSo()
    {
        var owners = Enumerable.Range(0, 100).Select(_ => (IReadOnlyList<string>)["**/*.cs"]).ToList();
        var pairs = new List<long>();

        var complete = new GlobPrefixIndex(owners).CandidatePairs(pairs, 1_000, out var looked, TestContext.Current.CancellationToken);

        Assert.False(complete);
        Assert.Equal(1_000, looked);
        Assert.Equal(1_000, pairs.Count);
    }

    [Fact]
    public void CandidatePairs_Cancelled_Throws()
    {
        var owners = Enumerable.Range(0, 10).Select(_ => (IReadOnlyList<string>)["src/**"]).ToList();
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();

        Assert.Throws<OperationCanceledException>(() => new GlobPrefixIndex(owners).CandidatePairs([], long.MaxValue, out _, cancel.Token));
    }

    private static HashSet<(int, int)> Candidates(IReadOnlyList<IReadOnlyList<string>> owners)
    {
        var pairs = new List<long>();
        Assert.True(new GlobPrefixIndex(owners).CandidatePairs(pairs, long.MaxValue, out _, TestContext.Current.CancellationToken));
        return [.. pairs.Select(p => ((int)(p >> 32), (int)p))];
    }

    private static string RandomGlob(Random random)
        => string.Join('/', Enumerable.Range(0, random.Next(1, 4)).Select(_ => Segments[random.Next(Segments.Length)]));
}

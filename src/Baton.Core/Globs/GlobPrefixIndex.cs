namespace Baton.Core.Globs;

/// <summary>
/// Finds the pairs of owners (tasks) that may hold overlapping globs without comparing every pair: two globs can
/// match a common path only if one's literal prefix (its text up to the first <c>*</c>, <c>?</c>, <c>[</c> or
/// <c>{</c>) starts with the other's, since a path both match starts with both prefixes. Sorted
/// ordinally, the prefixes that start with a given one follow it in one run, so each glob is compared only with
/// the globs under its own prefix: a plan whose tasks reserve their own folders costs a sort, however large.
/// </summary>
/// <remarks>The pairs are candidates: <see cref="GlobOverlap"/> decides. Globs with a short prefix (<c>**/*.cs</c>
/// has none) are candidates with every glob under it; the caller bounds that work.</remarks>
internal sealed class GlobPrefixIndex
{
    private static readonly char[] Wildcards = ['*', '?', '[', '{'];

    private readonly string[] _prefixes;
    private readonly int[] _owners;

    /// <param name="globsByOwner">For each owner, its globs.</param>
    public GlobPrefixIndex(IReadOnlyList<IReadOnlyList<string>> globsByOwner)
    {
        var count = 0;
        foreach (var globs in globsByOwner)
        {
            count += globs.Count;
        }
        var prefixes = new string[count];
        var owners = new int[count];
        var k = 0;
        for (var owner = 0; owner < globsByOwner.Count; owner++)
        {
            foreach (var glob in globsByOwner[owner])
            {
                prefixes[k] = LiteralPrefix(glob);
                owners[k++] = owner;
            }
        }
        // Owners in order among equal prefixes: where the caller stops early, what was found does not depend on
        // how an unstable sort laid out the ties.
        var order = new int[count];
        for (var e = 0; e < count; e++)
        {
            order[e] = e;
        }
        Array.Sort(order, (x, y) =>
        {
            var byPrefix = string.CompareOrdinal(prefixes[x], prefixes[y]);
            return byPrefix != 0 ? byPrefix : owners[x].CompareTo(owners[y]);
        });
        _prefixes = [.. order.Select(e => prefixes[e])];
        _owners = [.. order.Select(e => owners[e])];
    }

    /// <summary>The text of <paramref name="glob"/> before its first wildcard; the whole glob when it has none.</summary>
    public static string LiteralPrefix(string glob)
    {
        var cut = glob.AsSpan().IndexOfAny(Wildcards);
        return cut < 0 ? glob : glob[..cut];
    }

    /// <summary>
    /// Adds to <paramref name="pairs"/> every pair of distinct owners with globs whose prefixes are compatible, as
    /// <c>(long)low &lt;&lt; 32 | high</c>, once per pair of globs (so a pair of owners may appear more than once).
    /// </summary>
    /// <param name="pairs">Receives the pairs.</param>
    /// <param name="maxLooks">How many pairs of globs it may look at.</param>
    /// <param name="looked">How many it looked at.</param>
    /// <param name="cancellationToken">Stops the search.</param>
    /// <returns>False if it stopped at <paramref name="maxLooks"/>: then <paramref name="pairs"/> holds only part of them.</returns>
    public bool CandidatePairs(List<long> pairs, long maxLooks, out long looked, CancellationToken cancellationToken)
    {
        looked = 0;
        for (var k = 0; k < _prefixes.Length; k++)
        {
            if ((k & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
            var prefix = _prefixes[k];
            for (var m = k + 1; m < _prefixes.Length && _prefixes[m].StartsWith(prefix, StringComparison.Ordinal); m++)
            {
                if (looked == maxLooks)
                {
                    return false;
                }
                if ((++looked & 0xFFFF) == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }
                var (a, b) = (_owners[k], _owners[m]);
                if (a != b)
                {
                    pairs.Add(a < b ? (long)a << 32 | (uint)b : (long)b << 32 | (uint)a);
                }
            }
        }
        return true;
    }
}

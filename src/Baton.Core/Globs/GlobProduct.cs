using System.Buffers;

namespace Baton.Core.Globs;

/// <summary>
/// Decides whether two globs (or a glob and a concrete path) have a common match by searching the product of
/// their automata: at the path level the states are pairs of segment positions, inside a segment pairs of
/// character positions. Each pair is visited once, so a check costs O(|a|·|b|) and, for the usual short globs,
/// runs on stack memory only.
/// </summary>
internal static class GlobProduct
{
    private const int StackStates = 1024;
    private const int StackSegments = 32;
    private static readonly SearchValues<char> Wildcards = SearchValues.Create("*?[");

    /// <summary>True when some path matches both <paramref name="a"/> and <paramref name="b"/>
    /// (brace-free globs; <paramref name="bIsPath"/> reads <paramref name="b"/> as a literal path).</summary>
    public static bool Intersects(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool bIsPath)
    {
        var countA = CountSegments(a);
        var countB = CountSegments(b);
        int[]? rentedA = null;
        int[]? rentedB = null;
        // Stack buffers are sized to the globs: the runtime zeroes stackalloc memory, so fixed-size buffers
        // cost more to clear than the search itself.
        Span<int> bufA = countA <= StackSegments ? stackalloc int[2 * countA] : (rentedA = ArrayPool<int>.Shared.Rent(2 * countA));
        Span<int> bufB = countB <= StackSegments ? stackalloc int[2 * countB] : (rentedB = ArrayPool<int>.Shared.Rent(2 * countB));
        try
        {
            var segsA = bufA[..(2 * countA)];
            var segsB = bufB[..(2 * countB)];
            FillSegments(a, segsA);
            FillSegments(b, segsB);
            return SearchSegments(a, segsA, b, segsB, bIsPath);
        }
        finally
        {
            if (rentedA is not null)
            {
                ArrayPool<int>.Shared.Return(rentedA);
            }
            if (rentedB is not null)
            {
                ArrayPool<int>.Shared.Return(rentedB);
            }
        }
    }

    private static bool SearchSegments(ReadOnlySpan<char> a, ReadOnlySpan<int> segsA, ReadOnlySpan<char> b, ReadOnlySpan<int> segsB, bool bIsPath)
    {
        var nA = segsA.Length / 2;
        var nB = segsB.Length / 2;
        var width = nB + 1;
        var states = (nA + 1) * width;
        Span<bool> visited = states <= StackStates ? stackalloc bool[states] : default;
        Span<int> stack = states <= StackStates ? stackalloc int[states] : default;
        var frontier = new StateSet(states, visited, stack);
        try
        {
            frontier.Push(0);
            while (frontier.TryPop(out var state))
            {
                var i = state / width;
                var j = state % width;
                if (i == nA && j == nB)
                {
                    return true;
                }
                var segA = i < nA ? Segment(a, segsA, i) : default;
                var segB = j < nB ? Segment(b, segsB, j) : default;
                var starA = i < nA && IsGlobStar(segA);
                var starB = j < nB && !bIsPath && IsGlobStar(segB);
                if (starA)
                {
                    frontier.Push(state + width); // ** matches no segment
                    if (j < nB && !starB)
                    {
                        frontier.Push(state + 1); // ** absorbs b's next segment
                    }
                }
                if (starB)
                {
                    frontier.Push(state + 1);
                    if (i < nA && !starA)
                    {
                        frontier.Push(state + width);
                    }
                }
                if (i < nA && j < nB && !starA && !starB && SegmentsIntersect(segA, segB, bIsPath))
                {
                    frontier.Push(state + width + 1);
                }
            }
            return false;
        }
        finally
        {
            frontier.Dispose();
        }
    }

    /// <summary>True when some one segment matches both segment patterns.</summary>
    public static bool SegmentsIntersect(ReadOnlySpan<char> a, ReadOnlySpan<char> b, bool bIsPath)
    {
        // Segments without wildcards (most of them: "src", "Baton.Core") read as literals only, and two
        // literals match a common segment exactly when they are equal; no search needed.
        if (!a.ContainsAny(Wildcards) && (bIsPath || !b.ContainsAny(Wildcards)))
        {
            return a.SequenceEqual(b);
        }
        var width = b.Length + 1;
        var states = (a.Length + 1) * width;
        Span<bool> visited = states <= StackStates ? stackalloc bool[states] : default;
        Span<int> stack = states <= StackStates ? stackalloc int[states] : default;
        var frontier = new StateSet(states, visited, stack);
        try
        {
            frontier.Push(0);
            while (frontier.TryPop(out var state))
            {
                var p = state / width;
                var q = state % width;
                var ta = GlobToken.Read(a, p, literal: false);
                var tb = GlobToken.Read(b, q, bIsPath);
                if (ta.Kind == GlobTokenKind.End && tb.Kind == GlobTokenKind.End)
                {
                    return true;
                }
                if (ta.Kind == GlobTokenKind.Star)
                {
                    frontier.Push(state + width); // * matches nothing more
                    if (tb.IsChar)
                    {
                        frontier.Push((p * width) + tb.Next); // * absorbs b's next character
                    }
                }
                if (tb.Kind == GlobTokenKind.Star)
                {
                    frontier.Push(state + 1);
                    if (ta.IsChar)
                    {
                        frontier.Push((ta.Next * width) + q);
                    }
                }
                if (ta.IsChar && tb.IsChar && CharClass.Intersects(ta, a, tb, b))
                {
                    frontier.Push((ta.Next * width) + tb.Next);
                }
            }
            return false;
        }
        finally
        {
            frontier.Dispose();
        }
    }

    private static bool IsGlobStar(ReadOnlySpan<char> segment) => segment is "**";

    private static ReadOnlySpan<char> Segment(ReadOnlySpan<char> text, ReadOnlySpan<int> segs, int k)
        => text.Slice(segs[2 * k], segs[(2 * k) + 1]);

    // Empty segments ("a//b", a leading or trailing '/') are skipped: a path has none.
    private static int CountSegments(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var range in text.Split('/'))
        {
            if (range.End.GetOffset(text.Length) > range.Start.GetOffset(text.Length))
            {
                count++;
            }
        }
        return count;
    }

    private static void FillSegments(ReadOnlySpan<char> text, Span<int> segs)
    {
        var k = 0;
        foreach (var range in text.Split('/'))
        {
            var (offset, length) = range.GetOffsetAndLength(text.Length);
            if (length > 0)
            {
                segs[k++] = offset;
                segs[k++] = length;
            }
        }
    }
}

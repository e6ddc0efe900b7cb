namespace Baton.Core.Globs;

/// <summary>Set logic on the bodies of <c>[...]</c> classes: single characters and <c>a-z</c> ranges.</summary>
internal static class CharClass
{
    // Larger ranges are not walked character by character; the answer then errs toward "overlap".
    private const int MaxRangeWalk = 512;

    /// <summary>True when the class body lists <paramref name="c"/> (ignoring negation).</summary>
    public static bool Lists(ReadOnlySpan<char> body, char c)
    {
        for (var k = 0; k < body.Length;)
        {
            var (low, high, next) = RangeAt(body, k);
            if (c >= low && c <= high)
            {
                return true;
            }
            k = next;
        }
        return false;
    }

    /// <summary>True when some character matches both tokens (conservative for negated classes).</summary>
    public static bool Intersects(GlobToken a, ReadOnlySpan<char> segA, GlobToken b, ReadOnlySpan<char> segB)
    {
        if (a.Kind == GlobTokenKind.Any || b.Kind == GlobTokenKind.Any)
        {
            return true;
        }
        if (a.Kind == GlobTokenKind.Literal && b.Kind == GlobTokenKind.Literal)
        {
            return a.Literal == b.Literal;
        }
        if (a.Kind == GlobTokenKind.Literal)
        {
            return Lists(Body(b, segB), a.Literal) != b.Negated;
        }
        if (b.Kind == GlobTokenKind.Literal)
        {
            return Lists(Body(a, segA), b.Literal) != a.Negated;
        }
        return ClassesIntersect(a, segA, b, segB);
    }

    private static bool ClassesIntersect(GlobToken a, ReadOnlySpan<char> segA, GlobToken b, ReadOnlySpan<char> segB)
    {
        if (a.Negated && b.Negated)
        {
            return true; // two negated sets leave almost the whole character space
        }
        if (a.Negated)
        {
            return PositiveEscapesNegated(Body(b, segB), Body(a, segA));
        }
        if (b.Negated)
        {
            return PositiveEscapesNegated(Body(a, segA), Body(b, segB));
        }
        var bodyA = Body(a, segA);
        var bodyB = Body(b, segB);
        for (var i = 0; i < bodyA.Length;)
        {
            var (lowA, highA, nextA) = RangeAt(bodyA, i);
            for (var j = 0; j < bodyB.Length;)
            {
                var (lowB, highB, nextB) = RangeAt(bodyB, j);
                if (lowA <= highB && lowB <= highA)
                {
                    return true;
                }
                j = nextB;
            }
            i = nextA;
        }
        return false;
    }

    // Is some character of the positive set missing from the negated set's list?
    private static bool PositiveEscapesNegated(ReadOnlySpan<char> positive, ReadOnlySpan<char> negatedList)
    {
        for (var i = 0; i < positive.Length;)
        {
            var (low, high, next) = RangeAt(positive, i);
            if (high - low > MaxRangeWalk)
            {
                return true;
            }
            for (int c = low; c <= high; c++)
            {
                if (!Lists(negatedList, (char)c))
                {
                    return true;
                }
            }
            i = next;
        }
        return false;
    }

    private static ReadOnlySpan<char> Body(GlobToken t, ReadOnlySpan<char> segment) => segment[t.BodyStart..t.BodyEnd];

    // "a-z" is a range; a '-' first or last is itself. A reversed range ("z-a") lists nothing.
    private static (char Low, char High, int Next) RangeAt(ReadOnlySpan<char> body, int k)
        => k + 2 < body.Length && body[k + 1] == '-'
            ? (body[k], body[k + 2], k + 3)
            : (body[k], body[k], k + 1);
}

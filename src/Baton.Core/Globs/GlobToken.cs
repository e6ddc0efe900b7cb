namespace Baton.Core.Globs;

/// <summary>
/// One token of a glob segment, read in place: a class keeps only the bounds of its body in the segment,
/// so reading tokens allocates nothing (overlap checks sit on the claim hot path).
/// </summary>
internal readonly record struct GlobToken(GlobTokenKind Kind, char Literal, int BodyStart, int BodyEnd, bool Negated, int Next)
{
    /// <summary>True for tokens that consume exactly one character.</summary>
    public bool IsChar => Kind is GlobTokenKind.Literal or GlobTokenKind.Any or GlobTokenKind.Class;

    /// <summary>Reads the token at <paramref name="pos"/>; with <paramref name="literal"/> every character is itself.</summary>
    public static GlobToken Read(ReadOnlySpan<char> segment, int pos, bool literal)
    {
        if (pos >= segment.Length)
        {
            return new GlobToken(GlobTokenKind.End, '\0', 0, 0, false, pos);
        }
        var c = segment[pos];
        if (literal)
        {
            return new GlobToken(GlobTokenKind.Literal, c, 0, 0, false, pos + 1);
        }
        return c switch
        {
            '*' => new GlobToken(GlobTokenKind.Star, c, 0, 0, false, pos + 1),
            '?' => new GlobToken(GlobTokenKind.Any, c, 0, 0, false, pos + 1),
            '[' => ReadClass(segment, pos),
            _ => new GlobToken(GlobTokenKind.Literal, c, 0, 0, false, pos + 1),
        };
    }

    // A '[' without a closing ']' is a literal '['; a ']' right after '[' or '[!' belongs to the set.
    private static GlobToken ReadClass(ReadOnlySpan<char> segment, int pos)
    {
        var i = pos + 1;
        var negated = i < segment.Length && segment[i] is '!' or '^';
        if (negated)
        {
            i++;
        }
        var bodyStart = i;
        if (i < segment.Length && segment[i] == ']')
        {
            i++;
        }
        var close = i < segment.Length ? segment[i..].IndexOf(']') : -1;
        if (close < 0)
        {
            return new GlobToken(GlobTokenKind.Literal, '[', 0, 0, false, pos + 1);
        }
        var bodyEnd = i + close;
        return new GlobToken(GlobTokenKind.Class, '\0', bodyStart, bodyEnd, negated, bodyEnd + 1);
    }
}

namespace Baton.Core.Globs;

/// <summary>What one token of a glob segment matches.</summary>
internal enum GlobTokenKind
{
    /// <summary>The segment has no more tokens.</summary>
    End,

    /// <summary>One given character.</summary>
    Literal,

    /// <summary><c>?</c>: any one character.</summary>
    Any,

    /// <summary><c>[...]</c>: one character from (or, negated, not from) a set.</summary>
    Class,

    /// <summary><c>*</c>: any run of characters, possibly empty.</summary>
    Star,
}

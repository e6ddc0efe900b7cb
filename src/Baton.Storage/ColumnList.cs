using System.Diagnostics;

namespace Baton.Storage;

/// <summary>
/// The ordinals of a statement's columns, generated from the column list its SQL names (the same constant), so a
/// reader takes each column by name at the position it has: adding, removing or moving a column in the list moves
/// its readers with it. A name the list does not hold fails at the type's start-up, not at a read. Both stores use it.
/// </summary>
internal static class ColumnList
{
    /// <summary>Where <paramref name="name"/> is in <paramref name="columns"/> (a comma-separated list).</summary>
    /// <exception cref="InvalidOperationException">The list has no such column.</exception>
    public static int Ordinal(string columns, string name)
    {
        var ordinal = Array.IndexOf(columns.Split(", "), name);
        return ordinal >= 0 ? ordinal : throw new InvalidOperationException($"the column list '{columns}' has no column '{name}'");
    }

    /// <summary>Checks, in debug builds, that a row read with a column list has <paramref name="name"/> at
    /// <paramref name="ordinal"/>: <paramref name="actual"/> is the name the reader reports there (in release builds
    /// the call and its arguments are compiled away).</summary>
    [Conditional("DEBUG")]
    public static void AssertAt(string actual, int ordinal, string name, string? statement = null)
        => Debug.Assert(actual == name, $"column {ordinal}{(statement is null ? "" : " of " + statement)} is {actual}, not {name}");
}

using System.Diagnostics;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The ordinals of a statement's columns, generated from the column list its SQL names (the same constant), so a
/// reader takes each column by name at the position it has: adding, removing or moving a column in the list moves
/// its readers with it. A name the list does not hold fails at the type's start-up, not at a read.
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

    /// <summary>Checks, in debug builds, that a statement read with a column list has <paramref name="name"/> at <paramref name="ordinal"/>.</summary>
    [Conditional("DEBUG")]
    public static void AssertAt(PreparedStatement r, int ordinal, string name)
        => Debug.Assert(r.ColumnName(ordinal) == name, $"column {ordinal} of {r.Sql} is {name}");
}

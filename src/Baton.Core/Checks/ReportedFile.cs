namespace Baton.Core.Checks;

/// <summary>
/// One entry of a report's <c>files</c>: a changed or added file (<c>src/a.cs</c>), or a deleted one, written with a
/// leading '-' (<c>-src/old.cs</c>). A file whose name really starts with '-' is written <c>./-name</c>.
/// </summary>
public readonly record struct ReportedFile(string Path, bool Deleted)
{
    /// <summary>The prefix that marks a deleted file.</summary>
    public const char DeletedPrefix = '-';

    /// <summary>Reads one entry as written (the path is not normalized or checked here).</summary>
    public static ReportedFile Parse(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Length > 1 && entry[0] == DeletedPrefix ? new(entry[1..], Deleted: true) : new(entry, Deleted: false);
    }

    /// <summary>The entry as a report writes it.</summary>
    public override string ToString() => Deleted ? DeletedPrefix + Path : Path;
}

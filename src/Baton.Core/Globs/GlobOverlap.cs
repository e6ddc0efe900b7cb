namespace Baton.Core.Globs;

/// <summary>STUB until the real algorithm lands: conservative (any two globs overlap).</summary>
public static class GlobOverlap
{
    /// <summary>True when some path could match both globs.</summary>
    public static bool CanOverlap(string globA, string globB) => true;
}

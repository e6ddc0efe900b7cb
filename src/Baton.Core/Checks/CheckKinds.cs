namespace Baton.Core.Checks;

/// <summary>Wire names of <see cref="CheckKind"/>.</summary>
public static class CheckKinds
{
    /// <summary>Every kind, in documentation order.</summary>
    public static IReadOnlyList<CheckKind> All { get; } = Enum.GetValues<CheckKind>();

    /// <summary>The wire names of every kind, comma-separated, for messages.</summary>
    public static string KnownList { get; } = string.Join(", ", All.Select(k => k.ToWire()));

    /// <summary>The snake_case name used in plans and reports.</summary>
    public static string ToWire(this CheckKind kind) => kind switch
    {
        CheckKind.FileExists => "file_exists",
        CheckKind.NotEmpty => "not_empty",
        CheckKind.JsonValid => "json_valid",
        CheckKind.Contains => "contains",
        CheckKind.Command => "command",
        CheckKind.FilesWithin => "files_within",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown check kind"),
    };

    /// <summary>Reads a wire name (exactly as written: plans are case-sensitive); false when it names no kind.</summary>
    public static bool TryParse(string? text, out CheckKind kind)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.ToWire(), text, StringComparison.Ordinal))
            {
                kind = candidate;
                return true;
            }
        }
        kind = default;
        return false;
    }
}

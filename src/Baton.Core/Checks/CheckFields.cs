namespace Baton.Core.Checks;

/// <summary>The field names of check objects, and which kinds take which.</summary>
internal static class CheckFields
{
    public const string Check = "check";
    public const string Name = "name";
    public const string Path = "path";
    public const string Schema = "schema";
    public const string Pattern = "pattern";
    public const string Flags = "flags";
    public const string Run = "run";
    public const string Timeout = "timeout";
    public const string Shell = "shell";
    public const string Cwd = "cwd";
    public const string Env = "env";

    /// <summary>The fields a check of <paramref name="kind"/> may have.</summary>
    public static IReadOnlyList<string> Of(CheckKind kind) => kind switch
    {
        CheckKind.FileExists or CheckKind.NotEmpty => [Check, Name, Path],
        CheckKind.JsonValid => [Check, Name, Path, Schema],
        CheckKind.Contains => [Check, Name, Path, Pattern, Flags],
        CheckKind.Command => [Check, Name, Run, Timeout, Shell, Cwd, Env],
        CheckKind.FilesWithin => [Check, Name],
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown check kind"),
    };
}

using System.Text.RegularExpressions;

namespace Baton.Core.Checks;

/// <summary><c>{"check": "contains", "path": P, "pattern": R, "flags": "im"}</c>: the text of P has a match for the
/// .NET regular expression R. Flags: <c>i</c> ignore case, <c>m</c> multi-line (^ and $ match at line ends),
/// <c>s</c> single-line ('.' matches a newline).</summary>
public sealed record ContainsCheck : CheckDefinition
{
    /// <summary>How long one match may run before the check fails (guards against catastrophic backtracking).</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(5);

    /// <inheritdoc/>
    public override CheckKind Kind => CheckKind.Contains;

    /// <summary>The file, relative to the repository root.</summary>
    public required string Path { get; init; }

    /// <summary>The regular expression, as written.</summary>
    public required string Pattern { get; init; }

    /// <summary>The flags as written: any of <c>i</c>, <c>m</c>, <c>s</c>.</summary>
    public string Flags { get; init; } = "";

    /// <summary>The regex options the flags stand for.</summary>
    public RegexOptions Options => ToOptions(Flags);

    /// <summary>A regex for <see cref="Pattern"/>; the parser has checked that it compiles.</summary>
    public Regex CreateRegex() => new(Pattern, Options, MatchTimeout);

    /// <inheritdoc/>
    protected override string Describe() => $"contains {Path} /{Pattern}/{Flags}";

    internal static RegexOptions ToOptions(string flags)
    {
        var options = RegexOptions.CultureInvariant;
        foreach (var flag in flags)
        {
            options |= flag switch
            {
                'i' => RegexOptions.IgnoreCase,
                'm' => RegexOptions.Multiline,
                's' => RegexOptions.Singleline,
                _ => RegexOptions.None,
            };
        }
        return options;
    }
}

namespace Baton.Core.Checks;

/// <summary>
/// <c>{"check": "command", "run": ["dotnet", "test"], "timeout": 600}</c>: the command exits 0 within its time limit.
/// Without <c>"shell": true</c> the program is started directly with <see cref="Arguments"/> as its argv; with it,
/// <see cref="Script"/> runs through <c>/bin/sh -c</c>.
/// </summary>
public sealed record CommandCheck : CheckDefinition
{
    /// <summary>The time limit when the plan gives none.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The longest time limit a plan may give.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <inheritdoc/>
    public override CheckKind Kind => CheckKind.Command;

    /// <summary>The program and its arguments (argv), when <see cref="Shell"/> is false; empty otherwise.</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The shell script, when <see cref="Shell"/> is true; null otherwise.</summary>
    public string? Script { get; init; }

    /// <summary>True when the command runs through <c>/bin/sh -c</c>.</summary>
    public bool Shell { get; init; }

    /// <summary>The time limit; the process tree is killed when it runs out.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The working directory relative to the repository root; the root itself when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables passed on from Baton's own environment when set there (the plan's <c>"NAME"</c> entries of
    /// <c>env</c>); the command's environment is otherwise reduced to a short allow-list.</summary>
    public IReadOnlyList<string> PassedVariables { get; init; } = [];

    /// <summary>Variables set to a value (the plan's <c>"NAME=value"</c> entries of <c>env</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> SetVariables { get; init; } = [];

    /// <summary>The command as one line for messages: the script, or the arguments (quoted where needed).</summary>
    public string CommandLine => Script ?? Checks.CommandLine.Join(Arguments);

    /// <inheritdoc/>
    protected override string Describe() => $"command '{CommandLine}'";
}

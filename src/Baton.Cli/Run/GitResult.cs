namespace Baton.Cli.Run;

/// <summary>How one <c>git</c> invocation ended.</summary>
internal sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;

    /// <summary>Non-empty lines of stdout.</summary>
    public IReadOnlyList<string> Lines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The first line of stderr (or stdout), for error messages.</summary>
    public string Problem => (Stderr.Trim().Length > 0 ? Stderr : Stdout).Trim().Split('\n')[0];
}

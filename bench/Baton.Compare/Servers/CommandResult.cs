namespace Baton.Compare.Servers;

/// <summary>How a command that ran to completion ended.</summary>
internal sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The last lines of stderr (or stdout), for an error message.</summary>
    public string Tail
    {
        get
        {
            var text = string.IsNullOrWhiteSpace(StandardError) ? StandardOutput : StandardError;
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return string.Join(" | ", lines.TakeLast(3));
        }
    }
}

namespace Baton.Core.Checks;

/// <summary>What one check found: passed or not, one line saying what, and optional detail lines.</summary>
public readonly record struct CheckVerdict(bool Passed, string Message, string? Output = null)
{
    /// <summary>A pass.</summary>
    public static CheckVerdict Pass(string message, string? output = null) => new(true, message, output);

    /// <summary>A failure.</summary>
    public static CheckVerdict Fail(string message, string? output = null) => new(false, message, output);
}

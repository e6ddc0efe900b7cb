namespace Baton.Core.Checks;

/// <summary>One task's check results.</summary>
public sealed record TaskCheckReport
{
    /// <summary>The task.</summary>
    public required string TaskId { get; init; }

    /// <summary>Its checks' results.</summary>
    public required CheckReport Report { get; init; }
}

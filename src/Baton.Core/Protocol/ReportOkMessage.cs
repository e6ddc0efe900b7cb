using Baton.Core.Tasks;

namespace Baton.Core.Protocol;

/// <summary><c>report.ok</c>: the report was recorded.</summary>
public sealed record ReportOkMessage : ProtocolMessage
{
    /// <summary>The task after the report.</summary>
    public required TaskItem Task { get; init; }

    /// <summary>The stored report.</summary>
    public required ReportRecord Report { get; init; }

    /// <summary>The acceptance checks run on a done report, when the task has machine checks.</summary>
    public Baton.Core.Checks.CheckReport? Checks { get; init; }

    /// <summary>True when this repeats an earlier report with the same idempotency key.</summary>
    public bool Replayed { get; init; }

    /// <summary>The next task, when the report asked for one and one was ready.</summary>
    public Assignment? Next { get; init; }

    /// <summary>Why no next task came, when one was asked for.</summary>
    public string? NoNext { get; init; }
}

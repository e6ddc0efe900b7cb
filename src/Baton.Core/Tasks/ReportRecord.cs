namespace Baton.Core.Tasks;

/// <summary>A report as stored: what a worker said when it stopped working on a task.</summary>
public sealed record ReportRecord
{
    /// <summary>Store-wide number of the report.</summary>
    public required long Id { get; init; }

    /// <summary>The task reported on.</summary>
    public required TaskId TaskId { get; init; }

    /// <summary>The attempt the report belongs to.</summary>
    public required int Attempt { get; init; }

    /// <summary>Who reported.</summary>
    public required WorkerId Worker { get; init; }

    /// <summary>The lease the worker reported under, when it held one.</summary>
    public LeaseId? LeaseId { get; init; }

    /// <summary>done, failed or blocked.</summary>
    public required ReportOutcome Outcome { get; init; }

    /// <summary>What the worker did.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Files the worker changed.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>How complete the task's context was, 1-5 (the seed's context score).</summary>
    public int? ContextScore { get; init; }

    /// <summary>Anything else the worker wants the coordinator to know.</summary>
    public string? Notes { get; init; }

    /// <summary>True when the report came after the lease was lost: kept for history, never applied.</summary>
    public bool Late { get; init; }

    /// <summary>Why a refused report was refused.</summary>
    public string? RefusedReason { get; init; }

    /// <summary>When it was received.</summary>
    public required DateTimeOffset At { get; init; }
}

using Baton.Core.Tasks;

namespace Baton.Core.Escalations;

/// <summary>What the engineer needs to decide one escalation: the escalation, the task in full, the choices.</summary>
public sealed record InboxItem
{
    /// <summary>Why the task is here.</summary>
    public required Escalation Escalation { get; init; }

    /// <summary>The task, every attempt, every report (with check output in the attempts' notes).</summary>
    public required TaskDetail Detail { get; init; }

    /// <summary>The latest acceptance-check feedback, if checks failed.</summary>
    public string? Feedback { get; init; }

    /// <summary>What <c>baton resolve</c> can do: retry, done, cancel, edit.</summary>
    public IReadOnlyList<string> Choices { get; init; } = ["retry", "done", "cancel", "edit"];
}

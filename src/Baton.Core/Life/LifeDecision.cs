using Baton.Core.Errors;

namespace Baton.Core.Life;

/// <summary>
/// What <see cref="TaskMachine"/> decided about one request: the changes to make, and either the task's life
/// afterwards or the refusal. A refusal may come with changes too (a report refused because its lease lapsed
/// still returns the task to the queue and keeps the report as late), which the store applies all the same.
/// </summary>
internal sealed class LifeDecision
{
    private static readonly IReadOnlyList<LifeChange> NoChanges = [];

    private LifeDecision(TaskLife? after, BatonError? refusal, IReadOnlyList<LifeChange> changes)
    {
        After = after;
        Refusal = refusal;
        Changes = changes;
    }

    /// <summary>The task's life after the transition; null when refused.</summary>
    public TaskLife? After { get; }

    /// <summary>Why the request was refused, naming what is wrong; null when it was accepted.</summary>
    public BatonError? Refusal { get; }

    /// <summary>The rows to write and events to append, in order.</summary>
    public IReadOnlyList<LifeChange> Changes { get; }

    /// <summary>True when the request was accepted.</summary>
    public bool Accepted => Refusal is null;

    /// <summary>An accepted transition.</summary>
    public static LifeDecision Accept(TaskLife after, IReadOnlyList<LifeChange> changes)
    {
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(changes);
        after.AssertWellFormed();
        return new LifeDecision(after, null, changes);
    }

    /// <summary>A refused request that changes nothing.</summary>
    public static LifeDecision Refuse(BatonError refusal) => Refuse(refusal, NoChanges);

    /// <summary>A refused request, with what must change anyway.</summary>
    public static LifeDecision Refuse(BatonError refusal, IReadOnlyList<LifeChange> changes)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        ArgumentNullException.ThrowIfNull(changes);
        System.Diagnostics.Debug.Assert(!string.IsNullOrWhiteSpace(refusal.Message), "every refusal names its reason");
        return new LifeDecision(null, refusal, changes);
    }

    /// <summary>A refused request that changes nothing.</summary>
    public static LifeDecision Refuse(ErrorCode code, string message) => Refuse(BatonError.Of(code, message), NoChanges);

    /// <summary>A refused request, with what must change anyway.</summary>
    public static LifeDecision Refuse(ErrorCode code, string message, IReadOnlyList<LifeChange> changes)
        => Refuse(BatonError.Of(code, message), changes);
}

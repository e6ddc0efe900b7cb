namespace Baton.Core.Escalations;

/// <summary>Why a task was escalated. Append-only wire names; docs/conflicts.md explains each.</summary>
public static class EscalationKinds
{
    /// <summary>Failed reports or lost leases used up the task's attempts.</summary>
    public const string AttemptsExhausted = "attempts_exhausted";
    /// <summary>Acceptance checks failed on the last attempt.</summary>
    public const string ChecksFailed = "checks_failed";
    /// <summary>The worker reported blocked: it needs a human decision.</summary>
    public const string Blocked = "blocked";
    /// <summary>The report changed files another task holds or changed since this claim.</summary>
    public const string OverlappingEdit = "overlapping_edit";
    /// <summary>The report changed files outside the task's own globs.</summary>
    public const string OutsideFiles = "outside_files";
    /// <summary>Checks that passed separately fail together (found by verify at plan completion).</summary>
    public const string Contradiction = "contradiction";
}

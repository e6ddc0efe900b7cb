namespace Baton.Core.Plans;

/// <summary>How a plan is read.</summary>
public sealed record PlanParseOptions
{
    /// <summary>The repository root; globs and paths must stay inside it. Relative checks only when null.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Makes ids for tasks that have none; random short ids when null.</summary>
    public Func<string>? IdGenerator { get; init; }
}

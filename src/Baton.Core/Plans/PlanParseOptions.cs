namespace Baton.Core.Plans;

/// <summary>How a plan is read.</summary>
public sealed record PlanParseOptions
{
    /// <summary>The default of <see cref="MaxTasks"/>: 100,000 tasks.</summary>
    public const int DefaultMaxTasks = 100_000;

    /// <summary>The default of <see cref="MaxBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    /// <summary>The repository root; globs and paths must stay inside it. Relative checks only when null.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Makes ids for tasks that have none; random short ids when null.</summary>
    public Func<string>? IdGenerator { get; init; }

    /// <summary>The most tasks one plan may hold; a plan with more is refused with
    /// <see cref="Errors.ErrorCode.LimitExceeded"/>. Default <see cref="DefaultMaxTasks"/>.</summary>
    public int MaxTasks
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = DefaultMaxTasks;

    /// <summary>The largest plan, in bytes of UTF-8, that is read; a larger one is refused with
    /// <see cref="Errors.ErrorCode.LimitExceeded"/>. Default <see cref="DefaultMaxBytes"/>.</summary>
    public long MaxBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = DefaultMaxBytes;
}

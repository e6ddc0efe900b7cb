using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Ends an attempt (or renames how it ended). A null <see cref="EndedAt"/> or <see cref="Note"/> keeps the stored one.</summary>
internal sealed record EndAttempt(TaskId Task, int Number, DateTimeOffset? EndedAt, string Ending, string? Note) : LifeChange;

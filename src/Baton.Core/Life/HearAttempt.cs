using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>The holder was heard on a live attempt (a heartbeat); a null <see cref="Note"/> keeps the stored one.</summary>
internal sealed record HearAttempt(TaskId Task, int Number, DateTimeOffset At, string? Note) : LifeChange;

using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Records a new attempt: a claim. <see cref="HandoffMs"/> is how long the task waited for the worker, or the
/// worker for the task, whichever came later.</summary>
internal sealed record StartAttempt(TaskId Task, int Number, LeaseId Lease, WorkerId Worker, DateTimeOffset At, long? HandoffMs) : LifeChange;

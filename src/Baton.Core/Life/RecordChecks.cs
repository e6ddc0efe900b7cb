using Baton.Core.Checks;
using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>Keeps the acceptance checks' results with the attempt they judged.</summary>
internal sealed record RecordChecks(TaskId Task, int Number, CheckReport Report) : LifeChange;

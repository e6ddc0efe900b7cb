using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>The files a kept report named: what the conflict check compares a done report with.</summary>
internal sealed record ReportedChange(TaskId Task, WorkerId Worker, ReportOutcome Outcome, IReadOnlyList<string> Files);

using Baton.Core.Tasks;

namespace Baton.Core.Life;

/// <summary>A task's file globs, reserved while it is leased or checked, and who holds it.</summary>
internal sealed record Reservation(TaskId Task, WorkerId? Holder, IReadOnlyList<string> Globs);

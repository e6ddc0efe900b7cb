namespace Baton.Core.Life;

/// <summary>A task was finished: the store looks whether any task is in one of <see cref="TaskMachine.UnfinishedStates"/>
/// and applies <see cref="TaskMachine.PlanComplete"/>, here in the order of changes.</summary>
internal sealed record LookForPlanComplete(DateTimeOffset At) : LifeChange;

namespace Baton.Scale.Tests.Support;

/// <summary>Failure bounds, not speed targets: CI machines are small and shared (the speed is measured in bench/).</summary>
internal static class ScaleTimeouts
{
    /// <summary>A whole run of a plan.</summary>
    public static readonly TimeSpan Run = TimeSpan.FromMinutes(3);

    /// <summary>One step: a hub starting, a worker moving to another hub, a task handed over.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
}

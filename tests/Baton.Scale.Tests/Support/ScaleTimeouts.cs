namespace Baton.Scale.Tests.Support;

/// <summary>Failure bounds, not speed targets: CI machines are small and shared (the speed is measured in bench/).</summary>
internal static class ScaleTimeouts
{
    /// <summary>A whole run of a plan.</summary>
    public static readonly TimeSpan Run = TimeSpan.FromMinutes(5);

    /// <summary>One step: a hub starting, a worker moving to another hub, a task handed over.</summary>
    public static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    /// <summary>How far the events' instants may step back along their ids (a hub's clock read before its write waited
    /// for the store's lock): far more than any lock wait, far less than a clock that is wrong.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);
}

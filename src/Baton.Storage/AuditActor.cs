namespace Baton.Storage;

/// <summary>
/// Who is making the current request, for the audit trail: the hub sets it (its token's id and role, e.g.
/// <c>t3f9a2c1d0e7b (worker)</c>) around each request it serves, and the store writes it on every event that
/// request appends (<see cref="Core.Events.BatonEvent.Actor"/>). Flows with the async call, like a logging scope;
/// null in local mode, where whoever can write the store's file acts.
/// </summary>
public static class AuditActor
{
    private static readonly AsyncLocal<string?> Value = new();

    /// <summary>The actor of the request this code runs for; null when none was set.</summary>
    public static string? Current
    {
        get => Value.Value;
        set => Value.Value = value;
    }
}

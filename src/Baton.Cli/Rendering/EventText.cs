using Baton.Core.Events;

namespace Baton.Cli.Rendering;

/// <summary>One event on one line: <c>#12 2025-01-01 10:00:00Z task.claimed T1 worker=w1 state=leased: message</c>.</summary>
internal static class EventText
{
    public static string Line(BatonEvent e)
        => $"#{e.Id} {e.At:u} {e.Type}"
            + (e.TaskId is { } t ? $" {t}" : "")
            + (e.Worker is { } w ? $" worker={w}" : "")
            + (e.State is { } s ? $" state={s}" : "")
            + (e.Message is { } m ? $": {m}" : "");
}

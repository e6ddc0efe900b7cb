using Baton.Core.Protocol;

namespace Baton.Hub.Access;

/// <summary>Wire names of <see cref="HubRole"/> (the same words as <see cref="ClientRoles"/>).</summary>
public static class HubRoles
{
    /// <summary>The role's wire name: observer, worker or coordinator.</summary>
    public static string ToName(this HubRole role) => role switch
    {
        HubRole.Observer => ClientRoles.Observer,
        HubRole.Worker => ClientRoles.Worker,
        HubRole.Coordinator => ClientRoles.Coordinator,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>Reads a role's wire name.</summary>
    public static bool TryParse(string? text, out HubRole role)
    {
        switch (text)
        {
            case ClientRoles.Observer:
                role = HubRole.Observer;
                return true;
            case ClientRoles.Worker:
                role = HubRole.Worker;
                return true;
            case ClientRoles.Coordinator:
                role = HubRole.Coordinator;
                return true;
            default:
                role = default;
                return false;
        }
    }
}

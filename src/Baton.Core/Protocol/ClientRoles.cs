namespace Baton.Core.Protocol;

/// <summary>The roles a client names in <c>hello</c>.</summary>
public static class ClientRoles
{
    /// <summary>Claims and reports tasks; needs a worker name.</summary>
    public const string Worker = "worker";

    /// <summary>Imports plans, watches and cancels.</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Only reads and watches.</summary>
    public const string Observer = "observer";
}

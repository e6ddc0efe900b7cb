using Baton.Core.Protocol;
using Baton.Core.Tasks;
using Baton.Hub.Access;

namespace Baton.Hub.Connections;

/// <summary>What a connection (or one HTTP request) has said about itself.</summary>
internal sealed class HubSession
{
    public HubSession(string id, bool isHttp, Caller? caller, string remote)
    {
        Id = id;
        IsHttp = isHttp;
        Caller = caller;
        Remote = remote;
    }

    public string Id { get; }

    /// <summary>Who the session speaks for: from the request's or the upgrade's <c>Authorization</c> header, or
    /// from the token in hello. Null until a token has been shown: the session then serves nothing but hello.</summary>
    public Caller? Caller { get; set; }

    /// <summary>The token a socket showed (on the upgrade or in hello), checked again at every request: it may have
    /// been revoked, have expired, or the key rotated since. Null for HTTP, checked per request anyway.</summary>
    public string? Token { get; set; }

    /// <summary>The client's address, for the audit log.</summary>
    public string Remote { get; }

    /// <summary>HTTP requests need no hello: each names its worker in the body.</summary>
    public bool IsHttp { get; }

    public bool SaidHello { get; set; }

    public string Role { get; set; } = ClientRoles.Observer;

    public WorkerId? Worker { get; set; }

    /// <summary>The worker whose presence this connection counts for (a persistent worker session), if any;
    /// its close starts that worker's disconnect grace.</summary>
    public WorkerId? Watched { get; set; }

    public int? Capacity { get; set; }

    public IReadOnlyList<string>? Labels { get; set; }

    public int? Priority { get; set; }
}

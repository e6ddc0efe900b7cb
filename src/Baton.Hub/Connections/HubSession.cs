using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Hub.Connections;

/// <summary>What a connection (or one HTTP request) has said about itself.</summary>
internal sealed class HubSession
{
    public HubSession(string id, bool isHttp)
    {
        Id = id;
        IsHttp = isHttp;
    }

    public string Id { get; }

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

using System.Net;

namespace Baton.Hub.Access;

/// <summary>
/// Which <c>Host</c> and <c>Origin</c> headers the hub accepts. A page in the engineer's browser can send requests to
/// the hub (a "simple" POST, a WebSocket upgrade), and through DNS rebinding even under a name of its own; so a
/// request must name the hub by the address it listens on (or a name configured with <c>--allowed-host</c>), and a
/// request that carries an <c>Origin</c> must come from the hub's own origin or one configured with
/// <c>--allowed-origin</c>. Clients that are not browsers send no <c>Origin</c>.
/// </summary>
internal sealed class OriginPolicy
{
    private readonly HashSet<string> _origins;
    private readonly bool _anyHost;
    // Replaced whole by Bind (requests may read them meanwhile), never changed in place.
    private volatile HashSet<string> _names;
    private volatile bool _anyAddress;
    private volatile HashSet<int> _ports = [];

    public OriginPolicy(IEnumerable<string> allowedHosts, IEnumerable<string> allowedOrigins)
    {
        var hosts = allowedHosts.Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).ToList();
        _anyHost = hosts.Contains("*");
        _names = new HashSet<string>(hosts.Where(h => h != "*"), StringComparer.Ordinal);
        _origins = new HashSet<string>(allowedOrigins.Select(NormalizeOrigin).Where(o => o.Length > 0), StringComparer.Ordinal);
    }

    /// <summary>Learns the addresses the hub is bound to (after Kestrel has started, so port 0 is known).</summary>
    public void Bind(IEnumerable<Uri> addresses)
    {
        var names = new HashSet<string>(_names, StringComparer.Ordinal);
        var ports = new HashSet<int>();
        foreach (var address in addresses)
        {
            ports.Add(address.Port);
            var host = address.Host.Trim('[', ']').ToLowerInvariant();
            if (host is "0.0.0.0" or "::" or "+" or "*")
            {
                _anyAddress = true;
            }
            else if (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip) || host == "localhost")
            {
                // Loopback: every name of this machine's loopback is the hub's own.
                names.UnionWith(["localhost", "127.0.0.1", "::1"]);
            }
            else
            {
                names.Add(host);
            }
        }
        _names = names;
        _ports = ports;
    }

    /// <summary>Null when the <c>Host</c> header names the hub; otherwise why not.</summary>
    public string? CheckHost(string? hostHeader)
    {
        if (_anyHost)
        {
            return null;
        }
        if (string.IsNullOrEmpty(hostHeader) || !TrySplit(hostHeader, out var host, out _))
        {
            return "the request has no Host header naming the hub";
        }
        if (_names.Contains(host) || _anyAddress && IPAddress.TryParse(host, out _))
        {
            return null;
        }
        return $"Host \"{hostHeader}\" is not an address this hub listens on (a DNS-rebinding page would look like this); "
            + "start the hub with --allowed-host NAME to accept that name";
    }

    /// <summary>Null when the <c>Origin</c> header is absent or allowed; otherwise why not.</summary>
    public string? CheckOrigin(string? originHeader)
    {
        if (originHeader is null)
        {
            return null;
        }
        var origin = NormalizeOrigin(originHeader);
        if (_origins.Contains(origin) || IsOwnOrigin(origin))
        {
            return null;
        }
        return $"Origin \"{originHeader}\" is not this hub's own (a page on another site would look like this); "
            + "start the hub with --allowed-origin ORIGIN to accept it";
    }

    /// <summary>Whether <paramref name="origin"/> is the hub's own (one of its names on one of its ports), not merely
    /// one allowed with <c>--allowed-origin</c>: what a request riding on the page's session cookie must show.</summary>
    public bool IsOwn(string origin) => IsOwnOrigin(NormalizeOrigin(origin));

    private bool IsOwnOrigin(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return false;
        }
        var host = uri.Host.Trim('[', ']');
        var named = _anyHost || _names.Contains(host) || _anyAddress && IPAddress.TryParse(host, out _);
        return named && _ports.Contains(uri.Port);
    }

    private static bool TrySplit(string hostHeader, out string host, out int? port)
    {
        port = null;
        if (!Uri.TryCreate("http://" + hostHeader, UriKind.Absolute, out var uri) || uri.PathAndQuery != "/" || uri.UserInfo.Length > 0)
        {
            host = "";
            return false;
        }
        host = uri.Host.Trim('[', ']').ToLowerInvariant();
        port = uri.IsDefaultPort ? null : uri.Port;
        return true;
    }

    private static string NormalizeOrigin(string origin) => origin.Trim().TrimEnd('/').ToLowerInvariant();
}

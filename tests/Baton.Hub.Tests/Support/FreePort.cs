using System.Net;
using System.Net.Sockets;

namespace Baton.Hub.Tests.Support;

/// <summary>A port nothing listens on at the moment of asking, on 127.0.0.1.</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

using System.Net;
using System.Net.Sockets;

namespace Baton.Compare.Servers;

/// <summary>Loopback ports for the servers the harness starts.</summary>
internal static class FreePort
{
    /// <summary>A port that was free on 127.0.0.1 a moment ago (the kernel picks it).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Polls until 127.0.0.1:<paramref name="port"/> accepts a connection, at most until the timeout.</summary>
    public static async Task<bool> WaitUntilOpenAsync(int port, TimeSpan timeout, Func<bool> gaveUp, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (!deadline.IsCancellationRequested && !gaveUp())
        {
            using var probe = new TcpClient();
            try
            {
                await probe.ConnectAsync(IPAddress.Loopback, port, deadline.Token);
                return true;
            }
            catch (SocketException)
            {
                // Not listening yet: try again shortly.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        return false;
    }
}

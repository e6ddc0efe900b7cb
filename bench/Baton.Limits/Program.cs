using System.Diagnostics;
using System.Globalization;

namespace Baton.Limits;

/// <summary>
/// Runs the load cases of issue 26's "Limits" against a real <c>baton serve</c>, one fresh hub per case, and prints for
/// each: what the hub did, the slowest <c>GET /api/status</c> while it ran, and the hub's resident memory at idle, at
/// its peak and after (once the case's connections are gone and a few seconds have passed).
/// Usage: <c>dotnet run -c Release --project bench/Baton.Limits -- PATH/TO/baton.dll [case-substring]</c>.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: Baton.Limits PATH/TO/baton.dll [case]");
            return 2;
        }
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(30));
        Console.WriteLine("| case | outcome | status max ms | status p50 ms | RSS idle MiB | RSS peak MiB | RSS after MiB |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, run) in LoadCases.All.Where(c => args.Length < 2 || c.Name.Contains(args[1], StringComparison.OrdinalIgnoreCase)))
        {
            await using var hub = await HubProcess.StartAsync(args[0], cancel.Token);
            using var http = hub.Http();
            // Warm: the first requests JIT the paths the probe measures.
            for (var i = 0; i < 20; i++)
            {
                await http.GetStringAsync("/api/status", cancel.Token);
            }
            await Task.Delay(2000, cancel.Token);
            var idle = hub.RssMiB();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
            var peak = idle;
            var latencies = new List<double>();
            var probe = Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var response = await http.GetAsync("/api/status", stop.Token);
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                    peak = Math.Max(peak, hub.RssMiB());
                    await Task.Delay(50, CancellationToken.None);
                }
            }, CancellationToken.None);
            string outcome;
            try
            {
                outcome = await run(hub, cancel.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                outcome = "client error: " + ex.GetType().Name + ": " + ex.Message;
            }
            // The hub gives a burst's garbage back on its heap trimmer's next look (every 5 s): wait past two.
            await Task.Delay(12_000, cancel.Token);
            await stop.CancelAsync();
            await probe;
            var after = hub.RssMiB();
            latencies.Sort();
            var p50 = latencies.Count > 0 ? latencies[latencies.Count / 2] : double.NaN;
            var max = latencies.Count > 0 ? latencies[^1] : double.NaN;
            var alive = hub.HasExited ? " (hub exited!)" : "";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {outcome.Replace('|', '/')}{alive} | {max:F0} | {p50:F1} | {idle:F0} | {peak:F0} | {after:F0} |"));
        }
        return 0;
    }
}

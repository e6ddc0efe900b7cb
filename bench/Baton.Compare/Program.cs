using System.Runtime.InteropServices;
using Baton.Compare;
using Baton.Compare.Servers;

// Side-by-side comparison of Baton with the queues users know (issue 7). Run through bench/compare.sh,
// which installs the servers, builds Release and passes its arguments here.
var options = CompareOptions.Parse(args, out var error);
if (options is null)
{
    await Console.Error.WriteLineAsync(string.IsNullOrEmpty(error) ? CompareOptions.Usage : error + Environment.NewLine + CompareOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}
if (options.Temp is { } temp)
{
    Directory.CreateDirectory(temp);
    ScratchDirectory.Root = temp;
}

using var stop = new CancellationTokenSource();
// Ctrl+C, SIGTERM and SIGHUP stop the run in order, so every server is signalled and waited for
// (bench/compare.sh sends SIGTERM: a background job of a script ignores SIGINT).
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, StopInOrder);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, StopInOrder);
using var onHangUp = PosixSignalRegistration.Create(PosixSignal.SIGHUP, StopInOrder);
// Should the process end some other way, no server may outlive it.
AppDomain.CurrentDomain.ProcessExit += (_, _) => ServerProcess.KillAll();

try
{
    var report = await CompareRun.RunAsync(options, stop.Token);
    Console.WriteLine(report);
    if (options.Out is { } file)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await File.WriteAllTextAsync(file, report, CancellationToken.None);
        await Console.Error.WriteLineAsync($"report written to {file}");
    }
    return 0;
}
catch (Exception) when (stop.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("interrupted; every server the harness started has been stopped");
    return 130;
}
finally
{
    ServerProcess.KillAll();
}

void StopInOrder(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

using System.Diagnostics;
using System.Globalization;

namespace Baton.Compare.Peers;

/// <summary>
/// The machine's busy CPU time (every process and the kernel's own threads: the disk's journal, loopback
/// networking) and this process's, at one moment. Two samples around a timed run give what the machine
/// spent per task, whatever ran the server: a process of its own, several (PostgreSQL's backends), or
/// none (an in-process store or hub). Steal, idle and I/O wait are not counted.
/// </summary>
internal readonly record struct CpuSample(TimeSpan? Machine, TimeSpan Harness)
{
    /// <summary>Clock ticks per second of <c>/proc/stat</c>: USER_HZ, which the kernel fixes at 100 for user space
    /// whatever its internal tick rate.</summary>
    private const double TicksPerSecond = 100;

    public static CpuSample Take()
    {
        using var self = Process.GetCurrentProcess();
        return new CpuSample(MachineBusy(), self.TotalProcessorTime);
    }

    /// <summary>Microseconds of CPU per task between two samples: the machine's (null without <c>/proc/stat</c>),
    /// and of it the harness process's.</summary>
    public static (double? MachineUs, double HarnessUs) PerTask(CpuSample start, CpuSample end, int tasks)
        => (end.Machine - start.Machine is { } machine ? machine.TotalMicroseconds / tasks : null,
            (end.Harness - start.Harness).TotalMicroseconds / tasks);

    // "cpu  user nice system idle iowait irq softirq steal guest guest_nice": busy is user + nice + system +
    // irq + softirq (guest time is counted in user already).
    private static TimeSpan? MachineBusy()
    {
        string? line;
        try
        {
            line = File.ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (line is null)
        {
            return null;
        }
        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Field(int i) => i < fields.Length ? long.Parse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture) : 0;
        var busy = Field(1) + Field(2) + Field(3) + Field(6) + Field(7);
        return TimeSpan.FromSeconds(busy / TicksPerSecond);
    }
}

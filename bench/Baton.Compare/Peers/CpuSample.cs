using System.Diagnostics;
using System.Globalization;

namespace Baton.Compare.Peers;

/// <summary>
/// The machine's busy CPU time (every process and the kernel's own threads: the disk's journal, loopback
/// networking) and this process's, at one moment. Two samples around a timed run give what the machine
/// spent per task, whatever ran the server: a process of its own, several (PostgreSQL's backends), or
/// none (an in-process store or hub). Steal, idle and I/O wait are not counted.
/// </summary>
/// <remarks>It also sums the CPU time of the server processes the harness started, by name: PostgreSQL's
/// (<c>postgres</c>: the postmaster and every backend) and <c>baton serve</c>'s (<c>baton</c>), so a row whose
/// servers are processes of their own says which of them the time went to. A process that ends between two samples
/// drops out of the second one: the harness's servers live through every timed run.</remarks>
internal readonly record struct CpuSample(TimeSpan? Machine, TimeSpan Harness, TimeSpan Postgres, TimeSpan Baton)
{
    /// <summary>Clock ticks per second of <c>/proc/stat</c>: USER_HZ, which the kernel fixes at 100 for user space
    /// whatever its internal tick rate.</summary>
    private const double TicksPerSecond = 100;

    public static CpuSample Take()
    {
        using var self = Process.GetCurrentProcess();
        var (postgres, baton) = ServerProcesses();
        return new CpuSample(MachineBusy(), self.TotalProcessorTime, postgres, baton);
    }

    /// <summary>Microseconds of CPU per task between two samples: the machine's (null without <c>/proc/stat</c>),
    /// and of it the harness process's, PostgreSQL's processes' and <c>baton</c> processes'.</summary>
    public static (double? MachineUs, double HarnessUs, double PostgresUs, double BatonUs) PerTask(CpuSample start, CpuSample end, int tasks)
        => (end.Machine - start.Machine is { } machine ? machine.TotalMicroseconds / tasks : null,
            (end.Harness - start.Harness).TotalMicroseconds / tasks,
            Math.Max(0, (end.Postgres - start.Postgres).TotalMicroseconds / tasks),
            Math.Max(0, (end.Baton - start.Baton).TotalMicroseconds / tasks));

    // utime + stime of the processes named postgres, and of those named baton, that descend from this one (the
    // servers the harness started: on a shared machine other people's servers go by the same names). /proc/PID/stat:
    // the parent is field 4, utime and stime fields 14 and 15, counted after the name in parentheses.
    private static (TimeSpan Postgres, TimeSpan Baton) ServerProcesses()
    {
        string[] folders;
        try
        {
            folders = Directory.GetDirectories("/proc");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return default;
        }
        var processes = new Dictionary<int, (int Parent, string Name, long Ticks)>();
        foreach (var folder in folders)
        {
            if (!int.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(folder, "stat"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // ended meanwhile
            }
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                continue;
            }
            // After ") ": state is field 3, so the parent (4), utime (14) and stime (15) are the 2nd, 12th and 13th.
            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length > 12
                && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent)
                && long.TryParse(fields[11], NumberStyles.None, CultureInfo.InvariantCulture, out var user)
                && long.TryParse(fields[12], NumberStyles.None, CultureInfo.InvariantCulture, out var system))
            {
                processes[pid] = (parent, stat[(open + 1)..close], user + system);
            }
        }
        var self = Environment.ProcessId;
        long postgres = 0, baton = 0;
        foreach (var (pid, (_, name, ticks)) in processes)
        {
            if (name is not ("postgres" or "baton") || !Descends(pid))
            {
                continue;
            }
            if (name == "postgres")
            {
                postgres += ticks;
            }
            else
            {
                baton += ticks;
            }
        }
        return (TimeSpan.FromSeconds(postgres / TicksPerSecond), TimeSpan.FromSeconds(baton / TicksPerSecond));

        bool Descends(int pid)
        {
            for (var hops = 0; hops < 64 && processes.TryGetValue(pid, out var process); hops++)
            {
                if (process.Parent == self)
                {
                    return true;
                }
                pid = process.Parent;
            }
            return false;
        }
    }

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

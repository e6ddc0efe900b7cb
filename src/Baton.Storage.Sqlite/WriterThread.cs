using System.Runtime.InteropServices;

namespace Baton.Storage.Sqlite;

/// <summary>Gives the calling thread a higher scheduling priority where the OS allows it.</summary>
internal static partial class WriterThread
{
    // A nice value of -5: enough that the writer is picked ahead of request and socket threads on a busy
    // machine, not so much that it starves them (it spends much of its time waiting for fsync anyway).
    private const int Nice = -5;

    public static void TryRaisePriority()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        try
        {
            // On Linux a thread is a task with its own nice value: PRIO_PROCESS with the thread id sets just this thread.
            // Without CAP_SYS_NICE this fails and the thread keeps the default priority.
            _ = SetPriority(0, GetTid(), Nice);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
        }
    }

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int priority);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}

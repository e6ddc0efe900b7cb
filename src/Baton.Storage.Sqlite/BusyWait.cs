using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Baton.Storage.Sqlite;

/// <summary>
/// How the hub's writer waits for SQLite's write lock while another process holds it: a retry every
/// millisecond, evenly, for up to <see cref="Timeout"/>. It replaces <c>PRAGMA busy_timeout</c> on that
/// one connection.
/// </summary>
/// <remarks>
/// SQLite's own busy handler backs off: it sleeps 1, 2, 5, 10 … ms between retries and 100 ms from the
/// twelfth on. Against writers that hold the lock a few ms each (a local CLI commits and fsyncs under
/// synchronous=FULL) and take it again as soon as it is free, a connection that has waited a while looks
/// ten times a second while the others look every millisecond, so it can lose every time until the work is
/// gone: six local workers could keep the hub's single writer, with a whole batch of clients' requests
/// behind it, out that way (a test that mixes them failed about once in 30 runs; 40 of 40 passed after).
/// Local connections keep SQLite's backoff: given to all of them, even retries cost eight local writers
/// about a fifth of their throughput (more wake-ups and lock attempts while one of them commits), for a
/// fairness among them that nobody waits on.
/// SQLitePCLRaw does not expose <c>sqlite3_busy_handler</c>, so it is bound here, from the same library.
/// </remarks>
internal static unsafe partial class BusyWait
{
    /// <summary>How long a statement waits for the lock before it fails with SQLITE_BUSY ("database is locked").</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>The pause between two retries.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(1);

    // When the current lock event began, on the thread that waits (SQLite calls the handler on it).
    [ThreadStatic]
    private static long _since;

    private static long _retries;

    /// <summary>How many times connections of this process have retried for a lock (for tests and diagnostics).</summary>
    public static long Retries => Interlocked.Read(ref _retries);

    /// <summary>Sets this wait on the connection <paramref name="handle"/>; any busy timeout it had is cleared.</summary>
    public static void Install(SQLitePCL.sqlite3 handle)
    {
        ArgumentNullException.ThrowIfNull(handle);
        var rc = SetBusyHandler(handle.DangerousGetHandle(), &OnBusy, IntPtr.Zero);
        if (rc != SQLitePCL.raw.SQLITE_OK)
        {
            throw new SqliteException($"SQLite Error {rc}: could not set the busy handler", rc);
        }
    }

    /// <summary>Whether to retry after <paramref name="waited"/> of waiting: the same answer for every count.</summary>
    public static bool ShouldRetry(TimeSpan waited) => waited < Timeout;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnBusy(IntPtr argument, int count)
    {
        var now = Stopwatch.GetTimestamp();
        if (count == 0)
        {
            _since = now;
        }
        else if (!ShouldRetry(Stopwatch.GetElapsedTime(_since, now)))
        {
            return 0;
        }
        Interlocked.Increment(ref _retries);
        // SQLite calls this on the waiting thread and retries when it returns: there is nothing to await.
#pragma warning disable RS0030
        Thread.Sleep(Pause);
#pragma warning restore RS0030
        return 1;
    }

    [LibraryImport("e_sqlite3", EntryPoint = "sqlite3_busy_handler")]
    private static partial int SetBusyHandler(IntPtr db, delegate* unmanaged[Cdecl]<IntPtr, int, int> handler, IntPtr argument);
}

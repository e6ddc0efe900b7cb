using System.Runtime.InteropServices;
using Baton.Core.Tasks;
using Microsoft.Win32.SafeHandles;

namespace Baton.Storage.Sqlite;

/// <summary>
/// Makes commits durable off the writer thread. With it, the writer commits under synchronous=NORMAL (SQLite
/// writes the WAL frames but does not wait for the disk) and hands each committed batch here; this thread
/// flushes the WAL file to disk and only then settles the batch (its replies, its standing claims, the change
/// feed), in commit order. One flush covers every batch committed before it began, so while the disk syncs
/// one batch the writer already runs the next, instead of waiting out every fsync itself. When nothing is
/// queued or under way, a lone write's caller takes a turn instead (<see cref="TryBeginInline"/>): it flushes
/// and settles its own batch, and what is queued meanwhile waits for the turn to end.
/// </summary>
/// <remarks>
/// SQLite keeps its own syncs where they guard the file's consistency: under NORMAL a checkpoint still syncs
/// the WAL before copying it into the database, and the database before the WAL may start over. What NORMAL
/// gives up (the last commits on power loss) is what this thread restores before anything is acknowledged.
/// Other connections may see a commit up to one flush before it is durable; nothing is acknowledged, and no
/// waiter is handed a lease, before it is. A failed flush leaves the file's state unknown: the batches waiting
/// on it fail, and so does every later write (<see cref="Failure"/>), until the store is opened again.
/// </remarks>
internal sealed partial class WalSyncer : IDisposable
{
    private readonly FileStream _wal;
    private readonly Action<CommittedBatch, Exception?> _settle;
    private readonly Queue<CommittedBatch> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _thread;
    private bool _closed;

    // A flush and its settling are under way, on this thread or on a caller's (TryBeginInline): the next may
    // begin only after, so batches are still settled in commit order.
    private bool _busy;

    // The managed id of the caller that holds the turn (TryBeginInline to EndInline), 0 when none does.
    private int _inlineCaller;
    private Exception? _failure;

    /// <param name="walPath">The store's <c>-wal</c> file.</param>
    /// <param name="settle">Acknowledges a batch after its flush, or fails it with the flush's error.</param>
    public WalSyncer(string walPath, Action<CommittedBatch, Exception?> settle)
    {
        // fsync works on the file, not the descriptor: a handle of our own flushes what SQLite's wrote.
        _wal = new FileStream(walPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        _settle = settle;
        _thread = new Thread(Loop) { IsBackground = true, Name = "baton-sync" };
        _thread.Start();
    }

    /// <summary>Why the store can no longer promise durability, once a flush has failed.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Queues a committed batch; it is settled after the next flush that begins after this call.</summary>
    public void Enqueue(CommittedBatch batch)
    {
        lock (_gate)
        {
            _queue.Enqueue(batch);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
    }

    /// <summary>
    /// When nothing is queued and no flush is under way, hands the next flush to the caller, who has just
    /// committed alone (the store's writer was idle too): the caller flushes with <see cref="FlushInline"/>,
    /// settles its batch, then calls <see cref="EndInline"/>. Batches committed meanwhile wait for it here.
    /// </summary>
    public bool TryBeginInline()
    {
        lock (_gate)
        {
            if (_busy || _closed || _queue.Count > 0)
            {
                return false;
            }
            _busy = true;
            _inlineCaller = Environment.CurrentManagedThreadId;
            return true;
        }
    }

    /// <summary>The caller's flush after <see cref="TryBeginInline"/>; null when the log is on disk.</summary>
    public Exception? FlushInline()
    {
        System.Diagnostics.Debug.Assert(HoldsTurn && !IsOwnThread, "a caller flushes only in the turn it took");
        return Failure ?? Flush();
    }

    /// <summary>Ends the caller's turn: what was queued meanwhile gets the next flush.</summary>
    public void EndInline()
    {
        lock (_gate)
        {
            System.Diagnostics.Debug.Assert(_inlineCaller == Environment.CurrentManagedThreadId, "the turn is ended by the caller that took it");
            _inlineCaller = 0;
            _busy = false;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>True where batches may be settled now: on this syncer's own thread, or on the caller that holds the turn.</summary>
    public bool HoldsTurn => IsOwnThread || Volatile.Read(ref _inlineCaller) == Environment.CurrentManagedThreadId;

    /// <summary>True on this syncer's own thread, where the callers of settled writes may be running.</summary>
    public bool IsOwnThread => Thread.CurrentThread == _thread;

    /// <summary>Settles what is queued, then stops the thread.</summary>
    /// <exception cref="InvalidOperationException">Called on the sync thread itself, which it would wait for.</exception>
    public void Dispose()
    {
        if (IsOwnThread)
        {
            throw new InvalidOperationException("the store's sync thread cannot close its syncer: closing waits for that thread to finish");
        }
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
        _thread.Join();
        lock (_gate)
        {
            // A caller's flush still under way uses the file.
            while (_busy)
            {
                Monitor.Wait(_gate);
            }
        }
        _wal.Dispose();
    }

    private void Loop()
    {
        WriterThread.TryRaisePriority();
        var group = new List<CommittedBatch>();
        while (true)
        {
            lock (_gate)
            {
                // Queued batches wait while a caller flushes its own (it committed before them).
                while (_queue.Count == 0 ? !_closed : _busy)
                {
                    Monitor.Wait(_gate);
                }
                if (_queue.Count == 0)
                {
                    return;
                }
                group.AddRange(_queue);
                _queue.Clear();
                _busy = true;
            }
            // A group of batches that changed nothing wrote nothing: the flush before it covered all earlier ones.
            var error = Failure;
            if (error is null && group.Exists(b => b.Changed))
            {
                error = Flush();
            }
            foreach (var batch in group)
            {
                _settle(batch, error);
            }
            group.Clear();
            lock (_gate)
            {
                _busy = false;
            }
        }
    }

    private IOException? Flush()
    {
        string? why = null;
        if (OperatingSystem.IsLinux())
        {
            int rc;
            do
            {
                rc = FdataSync(_wal.SafeFileHandle);
            }
            while (rc != 0 && Marshal.GetLastPInvokeError() == EINTR);
            if (rc != 0)
            {
                why = Marshal.GetLastPInvokeErrorMessage();
            }
        }
        else
        {
            try
            {
                _wal.Flush(flushToDisk: true);
            }
            catch (IOException flush)
            {
                why = flush.Message;
            }
        }
        if (why is null)
        {
            return null;
        }
        var error = new IOException($"the disk refused to sync the store's write-ahead log ({why}); "
            + "what was not acknowledged may be lost, and the store takes no more writes until it is opened again");
        Volatile.Write(ref _failure, error);
        return error;
    }

    // Interrupted by a signal before it finished: try again (not a disk error).
    private const int EINTR = 4;

    // fdatasync, as SQLite itself uses: the WAL's data and its length, without the timestamps.
    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FdataSync(SafeFileHandle fd);
}

/// <summary>A batch the writer committed, waiting for its flush: its writes, the standing claims it tried,
/// and whether it changed anything.</summary>
internal sealed record CommittedBatch(PendingWrite[] Writes, (StandingClaim Offer, Assignment? Leased)[] Tried, bool Changed);

using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Baton.Compare.Peers;

/// <summary>
/// An append-only file with group commit, for the <c>baton-hub-memlog</c> row: each transition appends one
/// small record, and its caller is answered after a thread of the log's own has written and fdatasynced it.
/// Records that arrive while a flush runs share the next one. The callers continue on the flush thread, as the
/// SQLite store's callers continue on its sync thread.
/// </summary>
internal sealed partial class GroupLog : IDisposable
{
    private readonly object _gate = new();
    private readonly SafeFileHandle _file;
    private readonly Thread _thread;
    private ArrayBufferWriter<byte> _pending = new(64 * 1024);
    private List<TaskCompletionSource> _waiting = [];
    private ArrayBufferWriter<byte> _spare = new(64 * 1024);
    private List<TaskCompletionSource> _spareWaiting = [];
    private long _offset;
    private bool _closed;

    public GroupLog(string path)
    {
        _file = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        _thread = new Thread(Loop) { IsBackground = true, Name = "baton-log" };
        _thread.Start();
    }

    /// <summary>Appends one record (a line); completes once it is on disk.</summary>
    public Task AppendAsync(string record)
    {
        var done = new TaskCompletionSource();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var span = _pending.GetSpan(Encoding.UTF8.GetMaxByteCount(record.Length) + 1);
            var written = Encoding.UTF8.GetBytes(record, span);
            span[written] = (byte)'\n';
            _pending.Advance(written + 1);
            _waiting.Add(done);
            if (_waiting.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }
        return done.Task;
    }

    private void Loop()
    {
        while (true)
        {
            ArrayBufferWriter<byte> batch;
            List<TaskCompletionSource> waiting;
            lock (_gate)
            {
                while (_waiting.Count == 0 && !_closed)
                {
                    Monitor.Wait(_gate);
                }
                if (_waiting.Count == 0)
                {
                    return;
                }
                (batch, _pending, _spare) = (_pending, _spare, _pending);
                (waiting, _waiting, _spareWaiting) = (_waiting, _spareWaiting, _waiting);
            }
            Exception? failed = null;
            try
            {
                RandomAccess.Write(_file, batch.WrittenSpan, _offset);
                _offset += batch.WrittenCount;
                if (FdataSync(_file) != 0)
                {
                    failed = new IOException("fdatasync failed: errno " + Marshal.GetLastPInvokeError());
                }
            }
            catch (IOException e)
            {
                failed = e;
            }
            batch.ResetWrittenCount();
            foreach (var done in waiting)
            {
                if (failed is null)
                {
                    done.TrySetResult();
                }
                else
                {
                    done.TrySetException(failed);
                }
            }
            waiting.Clear();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.Pulse(_gate);
        }
        _thread.Join();
        _file.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "fdatasync", SetLastError = true)]
    private static partial int FdataSync(SafeFileHandle fd);
}

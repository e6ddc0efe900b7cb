using System.Runtime.InteropServices;

namespace Baton.Storage.Sqlite;

/// <summary>
/// The SQLite calls a prepared statement makes on every run (step, reset, bind, column reads), bound straight to
/// the library SQLitePCLRaw loads (<c>e_sqlite3</c>) and called with the raw handles.
/// </summary>
/// <remarks>
/// Through SQLitePCLRaw each of these calls goes through its provider's interface and marshals the statement's
/// <see cref="SafeHandle"/>, which takes and releases a reference (two interlocked operations) per call. A report
/// plus the next claim makes a couple of hundred such calls, and in <c>baton serve</c> at 8 workers the handle
/// bookkeeping alone was about 5 % of the writer thread's samples (perf). <see cref="PreparedStatement"/> owns its
/// statement handle for as long as it uses the raw pointer, so the reference counting guards nothing there.
/// Everything else (open, prepare, finalize, errors, blobs) stays on SQLitePCLRaw.
/// </remarks>
internal static unsafe partial class SqliteNative
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_TRANSIENT: SQLite copies the bound value before the call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    [LibraryImport(Library, EntryPoint = "sqlite3_step")]
    public static partial int Step(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_reset")]
    public static partial int Reset(IntPtr statement);

    [LibraryImport(Library, EntryPoint = "sqlite3_changes")]
    public static partial int Changes(IntPtr db);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    public static partial int BindNull(IntPtr statement, int index);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    public static partial int BindInt64(IntPtr statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    public static partial int BindDouble(IntPtr statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    public static partial int BindText(IntPtr statement, int index, byte* utf8, int bytes, IntPtr destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_type")]
    public static partial int ColumnType(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_int64")]
    public static partial long ColumnInt64(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_double")]
    public static partial double ColumnDouble(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_blob")]
    public static partial byte* ColumnBlob(IntPtr statement, int column);

    [LibraryImport(Library, EntryPoint = "sqlite3_column_bytes")]
    public static partial int ColumnBytes(IntPtr statement, int column);
}

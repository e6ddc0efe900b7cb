using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Baton.Storage.Postgres;

/// <summary>
/// What the PostgreSQL store tells an operator: a connection that broke and came back (a server restart, a network
/// cut), and writes it could not complete. Event ids 2800-2899 (docs/operations.md, "Logs"). The store logs nothing
/// while all is well; the same holder serves the writer, the flusher and the change feed, so a logger attached after the
/// store opened (<see cref="PostgresStore.UseLogger"/>, as the hub does once its host is built) reaches all three.
/// </summary>
internal sealed partial class StoreLog(string location)
{
    private volatile ILogger _logger = NullLogger.Instance;

    /// <summary>Logs from now on to <paramref name="logger"/> (null: nowhere).</summary>
    public void Attach(ILogger? logger) => _logger = logger ?? NullLogger.Instance;

    public void WriterLost(Exception error, TimeSpan window) => WriterLost(_logger, location, error.Message, (int)window.TotalSeconds);

    public void WriterBack(TimeSpan outage, int writes) => WriterBack(_logger, location, (long)outage.TotalMilliseconds, writes);

    public void WriterGaveUp(Exception error, TimeSpan window, int writes) => WriterGaveUp(_logger, location, (int)window.TotalSeconds, writes, error.Message);

    public void OutcomeUnknown(int writes) => OutcomeUnknown(_logger, location, writes);

    public void FeedLost(Exception error) => FeedLost(_logger, location, error.Message);

    public void FeedBack(TimeSpan outage) => FeedBack(_logger, location, (long)outage.TotalMilliseconds);

    public void FlushLost(Exception error, int batches) => FlushLost(_logger, location, error.Message, batches);

    public void FlushBack(TimeSpan outage, int lost, int batches) => FlushBack(_logger, location, (long)outage.TotalMilliseconds, lost, batches);

    public void FlushGaveUp(Exception error, TimeSpan window, int batches) => FlushGaveUp(_logger, location, (int)window.TotalSeconds, batches, error.Message);

    [LoggerMessage(2800, LogLevel.Warning,
        "PostgreSQL store {Location}: the writer lost its connection ({Reason}); writes wait and run again once the server answers (for up to {WindowSeconds} s)")]
    private static partial void WriterLost(ILogger logger, string location, string reason, int windowSeconds);

    [LoggerMessage(2801, LogLevel.Information, "PostgreSQL store {Location}: the writer is connected again after {OutageMs} ms; {Writes} waiting write(s) ran")]
    private static partial void WriterBack(ILogger logger, string location, long outageMs, int writes);

    [LoggerMessage(2802, LogLevel.Error, "PostgreSQL store {Location}: no answer for {WindowSeconds} s; {Writes} write(s) failed ({Reason})")]
    private static partial void WriterGaveUp(ILogger logger, string location, int windowSeconds, int writes, string reason);

    [LoggerMessage(2803, LogLevel.Error,
        "PostgreSQL store {Location}: the connection broke while a commit was under way and whether it committed is unknown; {Writes} write(s) were answered with an error that says so")]
    private static partial void OutcomeUnknown(ILogger logger, string location, int writes);

    [LoggerMessage(2804, LogLevel.Warning, "PostgreSQL store {Location}: the change feed lost its connection ({Reason}); listening again with backoff")]
    private static partial void FeedLost(ILogger logger, string location, string reason);

    [LoggerMessage(2805, LogLevel.Information, "PostgreSQL store {Location}: the change feed listens again after {OutageMs} ms (its waiters were woken to look)")]
    private static partial void FeedBack(ILogger logger, string location, long outageMs);

    [LoggerMessage(2806, LogLevel.Warning, "PostgreSQL store {Location}: the WAL flusher lost its connection ({Reason}); {Batches} committed batch(es) wait for a flush on a new one")]
    private static partial void FlushLost(ILogger logger, string location, string reason, int batches);

    [LoggerMessage(2807, LogLevel.Information,
        "PostgreSQL store {Location}: the WAL flusher is connected again after {OutageMs} ms; {Lost} of {Batches} waiting batch(es) were lost by the server and answered with an error")]
    private static partial void FlushBack(ILogger logger, string location, long outageMs, int lost, int batches);

    [LoggerMessage(2808, LogLevel.Error, "PostgreSQL store {Location}: the WAL flusher had no answer for {WindowSeconds} s; {Batches} batch(es) failed ({Reason})")]
    private static partial void FlushGaveUp(ILogger logger, string location, int windowSeconds, int batches, string reason);
}

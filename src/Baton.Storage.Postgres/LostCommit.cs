using Npgsql;

namespace Baton.Storage.Postgres;

/// <summary>What to do with a batch whose connection broke: whether its transaction may have committed decides it.</summary>
internal enum LostCommit
{
    /// <summary>Nothing committed: run the batch again on a new connection.</summary>
    RunAgain,

    /// <summary>The transaction's id came back before the commit: ask the server, once it answers, whether it committed.</summary>
    AskTheServer,

    /// <summary>The commit was sent and nothing says whether it ran: fail the batch's writes, saying so.</summary>
    Unknown,
}

/// <summary>Decides <see cref="LostCommit"/> from how far the transaction got.</summary>
internal static class LostCommits
{
    /// <param name="commitSent">The commit's round trip had begun.</param>
    /// <param name="xidReceived">The transaction's id, read in that round trip just before the commit, came back.</param>
    /// <param name="xid">That id; null when the transaction wrote nothing (then it has nothing to commit).</param>
    /// <param name="error">How the connection broke.</param>
    public static LostCommit Classify(bool commitSent, bool xidReceived, long? xid, Exception error)
    {
        if (!commitSent)
        {
            return LostCommit.RunAgain;
        }
        if (xidReceived)
        {
            return xid is null ? LostCommit.RunAgain : LostCommit.AskTheServer;
        }
        // The server's own error (it is shutting down) came in place of the answer to the statement before the commit:
        // it ran neither. Any other break (a socket reset) may have come after the commit ran.
        return error is PostgresException ? LostCommit.RunAgain : LostCommit.Unknown;
    }
}

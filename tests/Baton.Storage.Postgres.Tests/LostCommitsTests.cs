using System.Net.Sockets;
using Npgsql;

namespace Baton.Storage.Postgres.Tests;

/// <summary>What the writer does with a batch whose connection broke, by how far its transaction got (invariant 2: an
/// acknowledged write is committed; a write is run again only when it cannot have committed).</summary>
public sealed class LostCommitsTests
{
    private static readonly Exception Reset = new NpgsqlException("Exception while reading from stream", new SocketException((int)SocketError.ConnectionReset));
    private static readonly Exception ShutDown = new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01");

    [Fact]
    public void Classify_BeforeTheCommitWasSent_RunsAgain()
    {
        Assert.Equal(LostCommit.RunAgain, LostCommits.Classify(commitSent: false, xidReceived: false, xid: null, Reset));
        Assert.Equal(LostCommit.RunAgain, LostCommits.Classify(commitSent: false, xidReceived: false, xid: null, ShutDown));
    }

    [Fact]
    public void Classify_TheTransactionIdCameBack_AsksTheServer_UnlessItWroteNothing()
    {
        Assert.Equal(LostCommit.AskTheServer, LostCommits.Classify(commitSent: true, xidReceived: true, xid: 1234, Reset));
        Assert.Equal(LostCommit.RunAgain, LostCommits.Classify(commitSent: true, xidReceived: true, xid: null, Reset));
    }

    [Fact]
    public void Classify_TheServersOwnErrorInPlaceOfTheAnswers_RunsAgain_ASocketResetIsUnknown()
    {
        Assert.Equal(LostCommit.RunAgain, LostCommits.Classify(commitSent: true, xidReceived: false, xid: null, ShutDown));
        Assert.Equal(LostCommit.Unknown, LostCommits.Classify(commitSent: true, xidReceived: false, xid: null, Reset));
    }
}

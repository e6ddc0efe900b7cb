using System.Text;
using Baton.Core.Protocol;

namespace Baton.Core.Tests.Protocol;

/// <summary>Fields a message may leave out read as their documented defaults through the source-generated
/// serializer (which does not run property initializers of init-only members), read as the hub and the client
/// read frames (<see cref="ProtocolFrame"/>).</summary>
public sealed class MessageDefaultsTests
{
    private static ProtocolMessage Read(string json) => ProtocolFrame.Read(Encoding.UTF8.GetBytes(json))!;

    [Fact]
    public void EventsRead_WithoutMax_ReadsAbsent()
    {
        // Absent, not 0: the hub reads an absent max as 100 and refuses an explicit 0.
        var read = Assert.IsType<EventsReadMessage>(Read("""{"type":"events.read","id":1,"after":0}"""));
        Assert.Null(read.Max);
    }

    [Fact]
    public void Hello_WithoutRole_ReadsWorker()
    {
        var hello = Assert.IsType<HelloMessage>(Read("""{"type":"hello","id":1,"protocol":1,"worker":"w1"}"""));
        Assert.Equal(ClientRoles.Worker, hello.Role);
    }

    [Fact]
    public void ImportOk_WithoutWarnings_ReadsEmpty()
    {
        var ok = Assert.IsType<ImportOkMessage>(Read("""{"type":"import.ok","id":1,"plan":"p","imported":[]}"""));
        Assert.NotNull(ok.Warnings);
        Assert.Empty(ok.Warnings);
    }

    [Fact]
    public void Report_WithoutNext_DoesNotAskForOne()
    {
        var report = Assert.IsType<ReportMessage>(Read("""{"type":"report","id":1,"task_id":"t1","outcome":"done"}"""));
        Assert.False(report.Next);
        Assert.Null(report.NextWaitMs);
    }
}

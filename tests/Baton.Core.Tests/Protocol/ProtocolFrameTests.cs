using System.Text;
using System.Text.Json;
using Baton.Core.Protocol;

namespace Baton.Core.Tests.Protocol;

/// <summary><see cref="ProtocolFrame.Read"/>: a frame that starts with its "type" is read straight as the message
/// it names; every other frame takes the polymorphic reader, and both give the same message or the same failure.</summary>
public sealed class ProtocolFrameTests
{
    private static ProtocolMessage? Read(string json) => ProtocolFrame.Read(Encoding.UTF8.GetBytes(json));

    private static ProtocolMessage? Polymorphic(string json) => JsonSerializer.Deserialize(json, BatonJsonContext.Default.ProtocolMessage);

    private static string Write(ProtocolMessage message) => JsonSerializer.Serialize(message, BatonJsonContext.Default.ProtocolMessage);

    [Theory]
    [InlineData("""{"type":"report","id":7,"task_id":"t1","outcome":"done","summary":"ok","files":["a.cs"],"next":true}""")]
    [InlineData("""{"id":7,"task_id":"t1","type":"report","outcome":"done","summary":"ok","files":["a.cs"],"next":true}""")]
    [InlineData("""{"task_id":"t1","outcome":"done","type":"report"}""")]
    [InlineData("""{"type":"claim","id":3,"wait":true,"wait_ms":30000}""")]
    [InlineData("""{"type":"ping","id":1}""")]
    public void Read_GivesWhatThePolymorphicReaderGives(string json)
    {
        var read = Read(json);
        var expected = Polymorphic(json);

        Assert.NotNull(read);
        Assert.Equal(expected!.GetType(), read.GetType());
        Assert.Equal(Write(expected), Write(read));
    }

    [Fact]
    public void Read_TypeFirst_ReadsEveryField()
    {
        var report = Assert.IsType<ReportMessage>(Read("""{"type":"report","id":9,"task_id":"t9","outcome":"failed","summary":"no","lease_id":"l-1","next":true,"next_wait_ms":500}"""));

        Assert.Equal(9, report.Id);
        Assert.Equal("t9", report.TaskId.Value);
        Assert.Equal(Core.Tasks.ReportOutcome.Failed, report.Outcome);
        Assert.Equal("l-1", report.LeaseId?.Value);
        Assert.True(report.Next);
        Assert.Equal(500, report.NextWaitMs);
    }

    [Theory]
    [InlineData("""{"type":"no.such.type","id":1}""")]
    [InlineData("""{"type":"report","id":1,"outcome":"done"}""")]
    [InlineData("""{"type":"report","id":1,"task_id":"t1","outcome":"sideways"}""")]
    [InlineData("""{"type":"report","id":"one","task_id":"t1","outcome":"done"}""")]
    [InlineData("""{"type":"report","id":1,"task_id":"t1","outcome":"done" """)]
    [InlineData("""{"id":1}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"type":7}""")]
    public void Read_MalformedFrame_FailsAsThePolymorphicReaderFails(string json)
    {
        // JsonException, or NotSupportedException for an object without a "type" (ProtocolMessage is abstract).
        var expected = Record.Exception(() => Polymorphic(json));
        var actual = Record.Exception(() => Read(json));

        Assert.NotNull(expected);
        Assert.Equal(expected.GetType(), actual?.GetType());
    }
}

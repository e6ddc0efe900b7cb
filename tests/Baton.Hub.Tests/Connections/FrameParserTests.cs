using System.Text;
using Baton.Core.Protocol;
using Baton.Hub.Connections;

namespace Baton.Hub.Tests.Connections;

/// <summary>A frame is read in one pass when it is well formed, and read again only to name what is wrong with it.</summary>
public sealed class FrameParserTests
{
    private static FrameParseResult Parse(string frame) => FrameParser.Parse(Encoding.UTF8.GetBytes(frame));

    [Fact]
    public void WellFormedFrame_IsItsMessage_WhereverItsTypeStands()
    {
        var report = Assert.IsType<ReportMessage>(Parse("""{"id":4,"task_id":"t1","outcome":"done","summary":"ok","type":"report","next":true}""").Message);
        Assert.Equal(4, report.Id);
        Assert.Equal("t1", report.TaskId.Value);
        Assert.True(report.Next);
        Assert.IsType<PingMessage>(Parse("""{"type":"ping","id":null}""").Message);
    }

    [Theory]
    [InlineData("null", null, "frame must be a JSON object, not null")]
    [InlineData("{\"type\":\"ping\"", null, "frame is not JSON")]
    [InlineData("""{"id":3}""", 3L, "message has no \"type\"")]
    [InlineData("""{"type":"ping","id":"12"}""", null, "\"id\" must be an integer")]
    [InlineData("""{"type":"teleport","id":7}""", 7L, "unknown message type \"teleport\"")]
    [InlineData("""{"type":"claim","id":8,"wait":"yes"}""", 8L, "bad \"claim\" message at $.wait")]
    public void MalformedFrame_IsAnErrorNamingWhatIsWrong(string frame, long? id, string says)
    {
        var parsed = Parse(frame);
        Assert.Null(parsed.Message);
        var error = Assert.IsType<ErrorMessage>(parsed.Error);
        Assert.Equal(id, error.Id);
        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
    }
}

using System.Text;
using System.Text.Json;
using Baton.Core.Protocol;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Protocol;

/// <summary>
/// <see cref="ProtocolFrame"/> reads the records replies carry (tasks, leases, assignments, reports, attempts)
/// with hand-written readers (<see cref="RecordReaders"/>). Each case is held to the generated reader: the same
/// message (compared by writing both with the generated writer), or an error of the same kind.
/// </summary>
public sealed class RecordReadersTests
{
    private const string Lease = """{"id":"l-01a2","worker":"w1","claimed_at":"2026-11-28T09:20:51.231+00:00","expires_at":"2026-11-28T09:30:51.231+00:00"}""";

    // Every property of every record, none left at its default.
    private const string FullTask = """
        {"id":"t2","title":"the title","description":"the description","context":"the context","context_files":["docs/a.md","docs/b.md"],
         "acceptance":["tests pass",{"check":"command","run":"dotnet test","expect_exit":0}],"files":["src/**/*.cs"],"depends_on":["t0","t1"],
         "priority":5,"labels":["backend","db"],"max_attempts":4,"lease_ms":60000,"state":"leased","state_reason":"why","attempts":2,
         "current_lease":LEASE,"plan":"plan-1","seq":42,"created_at":"2026-11-28T09:20:51.159+00:00","updated_at":"2026-11-28T09:20:51.231-02:00"}
        """;

    private static readonly string Full = """
        {"type":"report.ok","id":12,
         "task":TASK,
         "report":{"id":7,"task_id":"t1","attempt":2,"worker":"w1","lease_id":"l-01a1","outcome":"failed","summary":"no","files":["a.cs"],
                   "context_score":4,"notes":"n","late":true,"refused_reason":"r","at":"2026-11-28T09:20:51.231+00:00"},
         "replayed":true,
         "next":{"task":TASK,"lease":LEASE,"attempt":2,"feedback":"try again",
                 "history":[{"number":1,"lease_id":"l-0","worker":"w0","claimed_at":"2026-11-28T09:00:00+00:00","ended_at":"2026-11-28T09:10:00+00:00","ending":"failed","note":"n"},
                            {"number":2,"lease_id":"l-01a2","worker":"w1","claimed_at":"2026-11-28T09:20:51.231+00:00"}]}}
        """.Replace("TASK", FullTask.Replace("LEASE", Lease)).Replace("LEASE", Lease);

    private static ProtocolMessage? Read(string json) => ProtocolFrame.Read(Encoding.UTF8.GetBytes(json));

    private static ProtocolMessage? Generated(string json) => JsonSerializer.Deserialize(json, BatonJsonContext.Default.ProtocolMessage);

    private static string Write(ProtocolMessage message) => JsonSerializer.Serialize(message, BatonJsonContext.Default.ProtocolMessage);

    private static void AssertSameAsGenerated(string json)
    {
        var expected = Generated(json);
        var read = Read(json);
        Assert.NotNull(read);
        Assert.Equal(expected!.GetType(), read.GetType());
        Assert.Equal(Write(expected), Write(read));
    }

    [Fact]
    public void EveryPropertyOfEveryRecord_IsReadAsTheGeneratedReaderReadsIt()
    {
        AssertSameAsGenerated(Full);

        var reply = Assert.IsType<ReportOkMessage>(Read(Full));
        Assert.Equal(["t0", "t1"], reply.Task.DependsOn.Select(d => d.Value));
        Assert.Equal(TimeSpan.FromHours(-2), reply.Task.UpdatedAt.Offset);
        Assert.Equal("command", reply.Task.Acceptance[1].CheckKind);
        Assert.Equal(60000, reply.Task.LeaseMs);
        Assert.Equal("w1", reply.Task.CurrentLease?.Worker.Value);
        Assert.Equal(4, reply.Report.ContextScore);
        Assert.True(reply.Report.Late);
        Assert.Equal("try again", reply.Next?.Feedback);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 10, 0, TimeSpan.Zero), reply.Next?.History[0].EndedAt);
        Assert.Null(reply.Next?.History[1].EndedAt);
    }

    private const string Times = "\"created_at\":\"2026-11-28T09:00:00+00:00\",\"updated_at\":\"2026-11-28T09:00:00+00:00\"";

    private static Assignment Assigned(string assignment)
        => Assert.IsType<TaskAssignedMessage>(Read("{\"type\":\"task.assigned\",\"assignment\":" + assignment.Replace("LEASE", Lease).Replace("TIMES", Times) + "}")).Assignment;

    [Fact]
    public void APropertyLeftOut_TakesTheRecordsDefault()
    {
        // The generated reader gave these null, 0 or false instead (it passes every init-only property through
        // its constructor-argument path, where one left out is the type's default: dotnet/runtime#84484).
        var assignment = Assigned("""{"task":{"id":"t1","title":"t","state":"leased",TIMES},"lease":LEASE,"attempt":1}""");
        var task = assignment.Task;

        Assert.Equal(("", ""), (task.Description, task.Context));
        Assert.Empty(task.ContextFiles);
        Assert.Empty(task.Acceptance);
        Assert.Empty(task.Files);
        Assert.Empty(task.DependsOn);
        Assert.Empty(task.Labels);
        Assert.Equal((0, TaskDefaults.MaxAttempts, 0, 0L), (task.Priority, task.MaxAttempts, task.Attempts, task.Seq));
        Assert.Null(task.LeaseMs);
        Assert.Null(task.CurrentLease);
        Assert.Null(task.StateReason);
        Assert.Empty(assignment.History);
        Assert.Null(assignment.Feedback);

        var report = Assert.IsType<ReportOkMessage>(Read(Full.Replace("\"summary\":\"no\",\"files\":[\"a.cs\"],", ""))).Report;
        Assert.Equal("", report.Summary);
        Assert.Empty(report.Files);
    }

    [Fact]
    public void PropertiesInAnyOrder_UnknownOnesSkipped_TheLastOfARepeatedOneWins()
    {
        var assignment = Assigned("""
            {"attempt":2,"extra":{"a":[1,{"b":2}]},"lease":LEASE,
             "task":{"updated_at":"2026-11-28T09:00:00+00:00","more":[1,2],"state":"ready","title":"t","id":"t1","id":"t9",
                     "priority":1,"priority":3,"created_at":"2026-11-28T09:00:00+00:00","x":null,"files":["a"]}}
            """);

        Assert.Equal(("t9", "t", TaskState.Ready, 3, 2), (assignment.Task.Id.Value, assignment.Task.Title, assignment.Task.State, assignment.Task.Priority, assignment.Attempt));
        Assert.Equal(["a"], assignment.Task.Files);
        Assert.Equal("w1", assignment.Lease.Worker.Value);
    }

    [Fact]
    public void NullForAReferenceTypedProperty_IsReadAsNull_AsTheGeneratedReaderReadsIt()
    {
        var json = """
            {"type":"task.assigned","assignment":{"task":{"id":"t1","title":null,"description":null,"context":null,"context_files":null,
             "acceptance":null,"files":null,"depends_on":null,"labels":null,"current_lease":null,"lease_ms":null,"state_reason":null,
             "plan":null,"priority":0,"max_attempts":3,"attempts":0,"seq":0,"state":"leased",TIMES},"lease":LEASE,"attempt":1,"history":null,"feedback":null}}
            """.Replace("LEASE", Lease).Replace("TIMES", Times);

        AssertSameAsGenerated(json);
        var task = Assert.IsType<TaskAssignedMessage>(Read(json)).Assignment.Task;
        Assert.Null(task.Title);
        Assert.Null(task.Files);
    }

    [Theory]
    [InlineData("""{"type":"task.assigned","assignment":{"task":{"title":"t","state":"leased","created_at":"2026-11-28T09:00:00+00:00","updated_at":"2026-11-28T09:00:00+00:00"},"lease":LEASE,"attempt":1}}""", "'id'")]
    [InlineData("""{"type":"task.assigned","assignment":{"task":{"id":"t1","title":"t","created_at":"2026-11-28T09:00:00+00:00","updated_at":"2026-11-28T09:00:00+00:00"},"lease":LEASE,"attempt":1}}""", "'state'")]
    [InlineData("""{"type":"task.assigned","assignment":{"task":{"id":"t1","title":"t","state":"leased","created_at":"2026-11-28T09:00:00+00:00","updated_at":"2026-11-28T09:00:00+00:00"},"lease":{"id":"l","claimed_at":"2026-11-28T09:00:00+00:00","expires_at":"2026-11-28T09:00:00+00:00"},"attempt":1}}""", "'worker'")]
    [InlineData("""{"type":"task.assigned","assignment":{"task":{"id":"t1","title":"t","state":"leased","created_at":"2026-11-28T09:00:00+00:00","updated_at":"2026-11-28T09:00:00+00:00"},"lease":LEASE}}""", "'attempt'")]
    public void AMissingRequiredProperty_FailsAsTheGeneratedReaderFails_NamingIt(string json, string property)
    {
        json = json.Replace("LEASE", Lease);
        var expected = Record.Exception(() => Generated(json));
        var actual = Record.Exception(() => Read(json));

        Assert.IsType<JsonException>(expected);
        var error = Assert.IsType<JsonException>(actual);
        Assert.Contains(property, error.Message, StringComparison.Ordinal);
        Assert.Contains(property, expected.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"priority\":\"high\"")]
    [InlineData("\"priority\":null")]
    [InlineData("\"priority\":1.5")]
    [InlineData("\"state\":\"sideways\"")]
    [InlineData("\"created_at\":\"yesterday\"")]
    [InlineData("\"id\":7")]
    [InlineData("\"id\":null")]
    [InlineData("\"files\":\"a.cs\"")]
    [InlineData("\"files\":[1]")]
    [InlineData("\"depends_on\":[null]")]
    [InlineData("\"current_lease\":[]")]
    public void AValueOfTheWrongKind_FailsWithAJsonException_AsInTheGeneratedReader(string property)
    {
        var task = """{"id":"t1","title":"t","state":"leased","created_at":"2026-11-28T09:00:00+00:00","updated_at":"2026-11-28T09:00:00+00:00",PROPERTY}""";
        var json = """{"type":"task.assigned","assignment":{"task":TASK,"lease":LEASE,"attempt":1}}""".Replace("TASK", task.Replace("PROPERTY", property)).Replace("LEASE", Lease);

        Assert.IsType<JsonException>(Record.Exception(() => Generated(json)));
        Assert.IsType<JsonException>(Record.Exception(() => Read(json)));
    }

    [Fact]
    public void AFrameWithTypeElsewhere_GoesThroughThePolymorphicReader_WithTheSameReaders()
    {
        var json = Full.Replace("{\"type\":\"report.ok\",\"id\":12,", "{\"id\":12,").Replace("\"replayed\":true,", "\"replayed\":true,\"type\":\"report.ok\",");
        Assert.DoesNotContain("{\"type\"", json, StringComparison.Ordinal);
        AssertSameAsGenerated(json);
    }
}

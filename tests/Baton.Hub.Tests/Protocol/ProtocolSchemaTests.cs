using System.Text;
using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Events;
using Baton.Core.Protocol;
using Baton.Core.Status;
using Baton.Core.Tasks;

namespace Baton.Hub.Tests.Protocol;

public sealed class ProtocolSchemaTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static readonly TaskItem SampleTask = new()
    {
        Id = new TaskId("t1"),
        Title = "Summarize a.txt",
        Description = "Write a summary",
        Files = ["out/a.md"],
        Acceptance = [AcceptanceItem.OfText("the summary exists")],
        State = TaskState.Leased,
        Attempts = 1,
        CurrentLease = SampleLease,
        CreatedAt = At,
        UpdatedAt = At,
    };

    private static LeaseInfo SampleLease => new() { Id = new LeaseId("l1"), Worker = new WorkerId("w1"), ClaimedAt = At, ExpiresAt = At.AddMinutes(10) };

    private static readonly BatonEvent SampleEvent = new() { Id = 7, At = At, Type = EventTypes.TaskClaimed, TaskId = "t1", Worker = "w1", State = "leased" };

    private static readonly ReportRecord SampleReport = new()
    {
        Id = 1,
        TaskId = new TaskId("t1"),
        Attempt = 1,
        Worker = new WorkerId("w1"),
        Outcome = ReportOutcome.Done,
        Summary = "done",
        At = At,
    };

    public static TheoryData<string> Samples() => [.. AllSamples().Select(m => Serialize(m))];

    private static IEnumerable<ProtocolMessage> AllSamples() =>
    [
        new HelloMessage { Id = 1, Protocol = ProtocolInfo.Version, Role = ClientRoles.Worker, Worker = new WorkerId("w1"), Capacity = 1, Labels = ["dotnet"], Session = SessionKinds.Ephemeral, LastEventId = 3 },
        new WelcomeMessage { Id = 1, Protocol = ProtocolInfo.Version, Session = "s-1", Worker = new WorkerId("w1"), LastEventId = 3 },
        new ClaimMessage { Id = 2, Wait = true, WaitMs = 30_000, LeaseMs = 600_000 },
        new TaskAssignedMessage { Id = 2, Assignment = new Assignment { Task = SampleTask, Lease = SampleLease, Attempt = 1 } },
        new NoTaskMessage { Id = 2, Message = "no task is ready" },
        new HeartbeatMessage { Id = 3, TaskId = new TaskId("t1"), Note = "halfway" },
        new HeartbeatOkMessage { Id = 3, Renewed = [new RenewedLease { TaskId = new TaskId("t1"), LeaseId = new LeaseId("l1"), ExpiresAt = At }] },
        new ReportMessage { Id = 4, TaskId = new TaskId("t1"), Outcome = ReportOutcome.Done, Summary = "done", Files = ["out/a.md"], ContextScore = 5, IdempotencyKey = "k1" },
        new ReportOkMessage { Id = 4, Task = SampleTask with { State = TaskState.Done, CurrentLease = null }, Report = SampleReport },
        new ReleaseMessage { Id = 5, TaskId = new TaskId("t1"), Reason = "stuck" },
        new ReleaseOkMessage { Id = 5, Task = SampleTask with { State = TaskState.Ready, CurrentLease = null } },
        new SubscribeMessage { Id = 6, After = 0 },
        new SubscribedMessage { Id = 6, After = 0, LastEventId = 7 },
        new UnsubscribeMessage { Id = 7 },
        new UnsubscribedMessage { Id = 7 },
        new EventMessage { Event = SampleEvent },
        new ImportMessage { Id = 8, Plan = JsonDocument.Parse("""{"tasks":[{"id":"t1","description":"x"}]}""").RootElement },
        new ImportOkMessage { Id = 8, Plan = "plan-1", Imported = [new TaskId("t1")] },
        new StatusMessage { Id = 9 },
        new StatusOkMessage
        {
            Id = 9,
            Status = new StatusSnapshot { Counts = new Dictionary<string, int> { ["ready"] = 1 }, Total = 1, Done = 0, Progress = 0, Complete = false, Workers = [], At = At },
        },
        new TaskListMessage { Id = 10, State = TaskState.Ready },
        new TaskListOkMessage { Id = 10, Tasks = [SampleTask] },
        new TaskShowMessage { Id = 11, TaskId = new TaskId("t1") },
        new TaskShowOkMessage { Id = 11, Detail = new TaskDetail { Task = SampleTask, Reports = [SampleReport], Events = [SampleEvent] } },
        new TaskCancelMessage { Id = 12, TaskId = new TaskId("t1"), Reason = "not needed" },
        new TaskCancelOkMessage { Id = 12, Task = SampleTask with { State = TaskState.Cancelled } },
        new EventsReadMessage { Id = 13, After = 0, Max = 100, WaitMs = 1000 },
        new EventsReadOkMessage { Id = 13, Events = [SampleEvent] },
        new PingMessage { Id = 14 },
        new PongMessage { Id = 14 },
        new ErrorMessage { Id = 15, Code = ErrorCode.LeaseExpired, Message = "lease expired", Details = ["task t1 went to w2"] },
        new InboxMessage { Id = 16 },
        new InboxOkMessage
        {
            Id = 16,
            Items = [new Baton.Core.Escalations.InboxItem
            {
                Escalation = new Baton.Core.Escalations.Escalation { Id = 1, TaskId = "t1", Kind = "blocked", Reason = "blocked: which db?", CreatedAt = At },
                Detail = new TaskDetail { Task = SampleTask with { State = TaskState.Escalated, CurrentLease = null } },
            }],
        },
        new ResolveMessage { Id = 17, TaskId = new TaskId("t1"), Action = "retry", Context = "use PostgreSQL", Note = "PostgreSQL" },
        new ResolveOkMessage { Id = 17, Task = SampleTask with { State = TaskState.Ready, CurrentLease = null } },
        new StatsMessage { Id = 18 },
        new StatsOkMessage { Id = 18, Stats = new Baton.Core.Stats.StatsSnapshot { Interventions = 1, InterventionsPerTask = new Dictionary<string, int> { ["t1"] = 1 } } },
        new CheckMessage { Id = 19, TaskId = new TaskId("t1") },
        new CheckOkMessage { Id = 19, Report = SampleChecks },
        new VerifyMessage { Id = 20 },
        new VerifyOkMessage { Id = 20, Result = new Baton.Core.Checks.VerifyResult { Passed = true, Tasks = [new Baton.Core.Checks.TaskCheckReport { TaskId = "t1", Report = SampleChecks }] } },
    ];

    private static string Serialize(ProtocolMessage message) => JsonSerializer.Serialize(message, BatonJsonContext.Default.ProtocolMessage);

    private static JsonElement Schema()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "schema", "protocol", "protocol.schema.json");
            if (File.Exists(path))
            {
                return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
            }
        }
        throw new FileNotFoundException("schema/protocol/protocol.schema.json not found above the test folder");
    }

    private static Dictionary<string, JsonElement> MessageDefs()
        => Schema().GetProperty("$defs").EnumerateObject()
            .Where(d => d.Name.StartsWith("msg_", StringComparison.Ordinal))
            .ToDictionary(d => d.Value.GetProperty("properties").GetProperty("type").GetProperty("const").GetString()!, d => d.Value);

    private static readonly Baton.Core.Checks.CheckReport SampleChecks = new()
    {
        Results = [new Baton.Core.Checks.CheckResult { Index = 0, Kind = Baton.Core.Checks.CheckKind.FileExists, Name = "out/a.md exists", Passed = true, Message = "out/a.md exists" }],
    };

    [Fact]
    public void Schema_CoversEveryMessageType()
    {
        var defs = MessageDefs();
        Assert.Equal(MessageTypes.All.Order(), defs.Keys.Order());
        Assert.Equal(MessageTypes.All.Count, AllSamples().Count());
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_MatchesItsSchemaDefinition(string json)
    {
        var message = JsonDocument.Parse(json).RootElement;
        var type = message.GetProperty("type").GetString()!;
        Assert.True(MessageDefs().TryGetValue(type, out var def), $"no schema for \"{type}\"");

        foreach (var required in def.GetProperty("required").EnumerateArray())
        {
            Assert.True(message.TryGetProperty(required.GetString()!, out _), $"\"{type}\" lacks required \"{required}\"");
        }
        var declared = def.GetProperty("properties");
        foreach (var property in message.EnumerateObject())
        {
            Assert.True(declared.TryGetProperty(property.Name, out _), $"\"{type}\" has \"{property.Name}\", which its schema does not declare");
        }

        // Round trip: what we write, we read back as the same message type.
        var back = JsonSerializer.Deserialize(json, BatonJsonContext.Default.ProtocolMessage);
        Assert.Equal(json, Serialize(back!));
        // And the same through the reader the hub and the client use, which reads a frame that starts with its
        // "type" straight as the message it names.
        var read = ProtocolFrame.Read(Encoding.UTF8.GetBytes(json));
        Assert.Equal(back!.GetType(), read!.GetType());
        Assert.Equal(json, Serialize(read));
    }

    [Fact]
    public void ErrorCodes_InSchema_MatchEveryErrorCode()
    {
        var codes = Schema().GetProperty("$defs").GetProperty("error_code").GetProperty("enum").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(Enum.GetValues<ErrorCode>().Select(c => c.ToWire()).Order(), codes.Order());
    }
}

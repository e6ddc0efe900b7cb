using Baton.Core.Events;
using Baton.Scale.Tests.Support;

namespace Baton.Scale.Tests.Harness;

/// <summary>The audit finds what it is there to find: each rule broken once in an otherwise clean event log.</summary>
public sealed class RunAuditTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly ScalePlan Plan = ScalePlan.Create(120);

    [Fact]
    public void Of_TasksDoneOneAtATimeInPlanOrder_FindsNoViolation()
    {
        var audit = RunAudit.Of(new EventLog().AllInOrder().Events, Plan, Ledger(Plan.Tasks.Select(t => t.Id)));

        Assert.True(audit.ViolationCount == 0, audit.Summary);
        Assert.Equal(Plan.Tasks.Count, audit.Leases);
    }

    [Fact]
    public void Of_OverlappingTasksLeasedAtOnce_IsAViolation_Invariant4()
    {
        // s00000 holds all of area00; s00024 a module of it.
        Assert.True(ScalePlan.Overlap(Plan.ById["s00000"], Plan.ById["s00024"]));
        var log = new EventLog();
        log.Claim("s00000", "w1").Claim("s00024", "w2").Done("s00000", "w1").Done("s00024", "w2");
        log.AllInOrder(except: ["s00000", "s00024"]);

        var audit = RunAudit.Of(log.Events, Plan, null);

        Assert.Contains(audit.Violations, v => v.Contains("s00000", StringComparison.Ordinal) && v.Contains("s00024", StringComparison.Ordinal) && v.Contains("overlapping", StringComparison.Ordinal));
    }

    [Fact]
    public void Of_DisjointTasksLeasedAtOnce_IsNoViolation()
    {
        Assert.False(ScalePlan.Overlap(Plan.ById["s00001"], Plan.ById["s00002"]));
        var log = new EventLog();
        log.Claim("s00001", "w1").Claim("s00002", "w2").Done("s00001", "w1").Done("s00002", "w2");
        log.AllInOrder(except: ["s00001", "s00002"]);

        var audit = RunAudit.Of(log.Events, Plan, null);

        Assert.True(audit.ViolationCount == 0, audit.Summary);
    }

    [Fact]
    public void Of_TaskLeasedBeforeItsDependencyIsDone_IsAViolation()
    {
        Assert.Contains("s00000", Plan.ById["s00097"].DependsOn);
        var log = new EventLog();
        log.Claim("s00097", "w1").Done("s00097", "w1");
        log.AllInOrder(except: ["s00097"]);

        var audit = RunAudit.Of(log.Events, Plan, null);

        Assert.Contains(audit.Violations, v => v.StartsWith("s00097: leased at event", StringComparison.Ordinal) && v.Contains("s00000", StringComparison.Ordinal));
    }

    [Fact]
    public void Of_TaskLeasedTwiceAtOnce_IsAViolation_Invariant3()
    {
        var log = new EventLog();
        log.Claim("s00005", "w1").Claim("s00005", "w2").Done("s00005", "w2");
        log.AllInOrder(except: ["s00005"]);

        var audit = RunAudit.Of(log.Events, Plan, null);

        Assert.Contains(audit.Violations, v => v.StartsWith("s00005: leased again", StringComparison.Ordinal));
    }

    [Fact]
    public void Of_TaskDoneTwice_IsAViolation()
    {
        var log = new EventLog().AllInOrder();
        log.Claim("s00005", "w2").Done("s00005", "w2");

        var audit = RunAudit.Of(log.Events, Plan, null);

        Assert.Contains(audit.Violations, v => v == "s00005: 2 task.done events, expected exactly one");
    }

    [Fact]
    public void Of_LeaseNeverEnded_IsALeakedLease()
    {
        var log = new EventLog().AllInOrder(except: ["s00007"]);
        log.Claim("s00007", "w1");

        var audit = RunAudit.Of(log.Events, Plan, null);

        Assert.Contains(audit.Violations, v => v.Contains("s00007: still leased", StringComparison.Ordinal));
        Assert.Contains(audit.Violations, v => v == "s00007: 0 task.done events, expected exactly one");
    }

    [Fact]
    public void Of_AcknowledgedReportNotInTheStore_IsAViolation_Invariant2()
    {
        var log = new EventLog().AllInOrder(except: ["s00009"]);
        log.Claim("s00009", "w1").Expire("s00009");
        var ledger = Ledger(Plan.Tasks.Select(t => t.Id));

        var audit = RunAudit.Of(log.Events, Plan, ledger);

        Assert.Contains(audit.Violations, v => v.StartsWith("s00009: the report acknowledged to w1 is not in the store", StringComparison.Ordinal));
    }

    [Fact]
    public void Of_AcknowledgedToOneWorkerDoneByAnother_IsAViolation()
    {
        var log = new EventLog().AllInOrder(except: ["s00011"]);
        log.Claim("s00011", "w2").Done("s00011", "w2");

        var audit = RunAudit.Of(log.Events, Plan, Ledger(Plan.Tasks.Select(t => t.Id)));

        Assert.Contains(audit.Violations, v => v == "s00011: acknowledged to w1, but the store has it done by w2");
    }

    [Fact]
    public void Acknowledge_SameTaskToTwoLeases_IsAProblem()
    {
        var ledger = new AckLedger(2);
        ledger.Acknowledge("s00001", "w1", "lease-1", replayed: false);
        ledger.Acknowledge("s00001", "w1", "lease-1", replayed: true);
        Assert.Empty(ledger.Problems);

        ledger.Acknowledge("s00001", "w2", "lease-2", replayed: false);

        Assert.Contains(ledger.Problems, p => p.StartsWith("s00001 acknowledged twice", StringComparison.Ordinal));
        Assert.Equal(1, ledger.Count);
    }

    private static AckLedger Ledger(IEnumerable<string> ids)
    {
        var ledger = new AckLedger(Plan.Tasks.Count);
        foreach (var id in ids)
        {
            ledger.Acknowledge(id, "w1", "lease-" + id, replayed: false);
        }
        return ledger;
    }

    // Events as a store appends them: ids and instants counting up.
    private sealed class EventLog
    {
        public List<BatonEvent> Events { get; } = [];

        public EventLog Claim(string task, string worker) => Add(EventTypes.TaskClaimed, task, "leased", worker);

        public EventLog Done(string task, string worker) => Add(EventTypes.TaskDone, task, "done", worker);

        public EventLog Expire(string task) => Add(EventTypes.LeaseExpired, task, "ready", null);

        // Every task not named, claimed and done by w1 one after another in plan order (which keeps every dependency).
        public EventLog AllInOrder(IReadOnlyList<string>? except = null)
        {
            foreach (var task in Plan.Tasks.Where(t => except?.Contains(t.Id) != true))
            {
                Claim(task.Id, "w1").Done(task.Id, "w1");
            }
            return this;
        }

        private EventLog Add(string type, string task, string state, string? worker)
        {
            var id = Events.Count + 1;
            Events.Add(new BatonEvent { Id = id, At = Start.AddMilliseconds(id), Type = type, TaskId = task, State = state, Worker = worker });
            return this;
        }
    }
}

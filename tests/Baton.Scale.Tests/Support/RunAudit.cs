using Baton.Core.Events;
using Baton.Storage;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// Judges a finished run from the store's own record, the event log, against the plan and what the workers were told
/// (<see cref="AckLedger"/>). Each task's lease intervals run from an event that left it <c>leased</c> to the next of its
/// events that did not. Events are ordered by id (ids are store-wide and in commit order: the exact order) and,
/// separately, by their instants, and both orders must keep every rule. An event's instant is the clock reading of the
/// hub that decided it, taken before its write waited for the store's lock, so along the ids instants may step back a
/// little (by a lock wait); the instant checks allow the largest such step the log shows (<see cref="Skew"/>):
/// <list type="bullet">
/// <item>every task done, with exactly one <c>task.done</c> event and one lease interval that ended in it;</item>
/// <item>one holder: no task leased again before its lease interval ended (invariants 1 and 3);</item>
/// <item>no two tasks whose reservations overlap (<see cref="ScalePlan.Overlap"/>) leased at the same time (invariant 4);</item>
/// <item>no task leased before every task it depends on was done;</item>
/// <item>every acknowledged report present: its task done by that worker (invariant 2).</item>
/// </list>
/// </summary>
internal sealed class RunAudit
{
    private const int MaxListed = 20;

    private readonly List<string> _violations = [];
    private string? _skewAt;
    private int _violationCount;

    private RunAudit()
    {
    }

    /// <summary>Task events read, lease intervals found.</summary>
    public int Events { get; private set; }

    public int Leases { get; private set; }

    /// <summary>The largest step back in the events' instants along their ids: how much an event's instant may come
    /// before that of an event committed earlier.</summary>
    public TimeSpan Skew { get; private set; }

    /// <summary>The first violations found (at most 20), and how many there were in all.</summary>
    public IReadOnlyList<string> Violations => _violations;

    public int ViolationCount => _violationCount;

    public string Summary => (_violationCount == 0
        ? $"no violations in {Events} events, {Leases} leases"
        : $"{_violationCount} violations in {Events} events, {Leases} leases:\n" + string.Join('\n', _violations))
        + $"\n(instants step back along the ids by up to {Skew.TotalMilliseconds:F0} ms{(_skewAt is null ? "" : ": " + _skewAt)})";

    /// <summary>Reads every event of <paramref name="store"/> and judges the run.</summary>
    public static async Task<RunAudit> OfStoreAsync(IBatonStore store, ScalePlan plan, AckLedger? ledger, CancellationToken cancellationToken)
    {
        var events = new List<BatonEvent>();
        var after = 0L;
        while (true)
        {
            var page = await store.ReadEventsAsync(after, 1000, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            events.AddRange(page);
            after = page[^1].Id;
        }
        return Of(events, plan, ledger);
    }

    /// <summary>Judges a run from its events (oldest first).</summary>
    public static RunAudit Of(IReadOnlyList<BatonEvent> events, ScalePlan plan, AckLedger? ledger)
    {
        var audit = new RunAudit();
        audit.Judge(events, plan, ledger);
        return audit;
    }

    private void Judge(IReadOnlyList<BatonEvent> events, ScalePlan plan, AckLedger? ledger)
    {
        BatonEvent? latest = null;
        for (var i = 0; i < events.Count; i++)
        {
            if (i > 0 && events[i].Id <= events[i - 1].Id)
            {
                Violation($"event ids out of order: {events[i - 1].Id} then {events[i].Id}");
            }
            latest = latest is null || events[i].At > latest.At ? events[i] : latest;
            if (latest.At - events[i].At > Skew)
            {
                Skew = latest.At - events[i].At;
                _skewAt = $"event {events[i].Id} {events[i].Type} {events[i].TaskId ?? events[i].Worker} at {events[i].At:HH:mm:ss.fff}, after event {latest.Id} {latest.Type} {latest.TaskId ?? latest.Worker} at {latest.At:HH:mm:ss.fff}";
            }
        }
        var byTask = events.Where(e => e.TaskId is not null && plan.ById.ContainsKey(e.TaskId)).GroupBy(e => e.TaskId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Events = byTask.Values.Sum(l => l.Count);
        var leases = new Dictionary<string, List<Lease>>(StringComparer.Ordinal);
        var done = new Dictionary<string, BatonEvent>(StringComparer.Ordinal);
        foreach (var task in plan.Tasks)
        {
            var own = byTask.GetValueOrDefault(task.Id) ?? [];
            leases[task.Id] = LeasesOf(task.Id, own);
            var doneEvents = own.Where(e => e.Type == EventTypes.TaskDone).ToList();
            if (doneEvents.Count != 1)
            {
                Violation($"{task.Id}: {doneEvents.Count} task.done events, expected exactly one");
            }
            if (doneEvents.Count > 0)
            {
                done[task.Id] = doneEvents[0];
                if (!leases[task.Id].Any(l => l.End?.Id == doneEvents[0].Id))
                {
                    Violation($"{task.Id}: its task.done (event {doneEvents[0].Id}) ended no lease");
                }
            }
            if (own.Count > 0 && own[^1].State != "done")
            {
                Violation($"{task.Id}: ends {own[^1].State ?? "(no state)"} (event {own[^1].Id} {own[^1].Type}), not done");
            }
        }
        Leases = leases.Values.Sum(l => l.Count);
        JudgeDependencies(plan, leases, done);
        JudgeReservations(plan, leases);
        if (ledger is not null)
        {
            JudgeLedger(ledger, done);
        }
    }

    // The task's lease intervals, in event order; a second claim while leased is a violation of one holder.
    private List<Lease> LeasesOf(string taskId, List<BatonEvent> own)
    {
        var result = new List<Lease>();
        Lease? open = null;
        foreach (var e in own)
        {
            if (e.Type.StartsWith("task.", StringComparison.Ordinal) && e.State is null)
            {
                Violation($"{taskId}: event {e.Id} {e.Type} carries no state");
            }
            if (e.State == "leased")
            {
                if (open is not null)
                {
                    Violation($"{taskId}: leased again (event {e.Id}, {e.Worker}) while leased to {open.Start.Worker} since event {open.Start.Id}");
                    continue;
                }
                open = new Lease(e);
            }
            else if (open is not null && e.State is not null)
            {
                open.End = e;
                result.Add(open);
                open = null;
            }
        }
        if (open is not null)
        {
            Violation($"{taskId}: still leased to {open.Start.Worker} since event {open.Start.Id} (a leaked lease)");
            result.Add(open);
        }
        return result;
    }

    private void JudgeDependencies(ScalePlan plan, Dictionary<string, List<Lease>> leases, Dictionary<string, BatonEvent> done)
    {
        foreach (var task in plan.Tasks)
        {
            foreach (var lease in leases[task.Id])
            {
                foreach (var dep in task.DependsOn)
                {
                    if (!done.TryGetValue(dep, out var depDone) || depDone.Id > lease.Start.Id)
                    {
                        Violation($"{task.Id}: leased at event {lease.Start.Id} before its dependency {dep} was done (event {(depDone?.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none")})");
                    }
                    else if (depDone.At > lease.Start.At + Skew)
                    {
                        Violation($"{task.Id}: leased at {lease.Start.At:O}, before its dependency {dep} was done at {depDone.At:O}");
                    }
                }
            }
        }
    }

    // Per area, every pair of leases whose tasks overlap must be apart, by event id and by instant.
    private void JudgeReservations(ScalePlan plan, Dictionary<string, List<Lease>> leases)
    {
        var byArea = plan.Tasks.SelectMany(t => t.Files.Select(f => (f.Area, Task: t))).GroupBy(x => x.Area);
        var seen = new HashSet<(string, string)>();
        foreach (var area in byArea)
        {
            var intervals = area.Select(x => x.Task).Distinct().SelectMany(t => leases[t.Id].Select(l => (Task: t, Lease: l)))
                .OrderBy(x => x.Lease.Start.Id).ToList();
            for (var i = 0; i < intervals.Count; i++)
            {
                var (a, la) = intervals[i];
                var aEnd = la.End?.Id ?? long.MaxValue;
                // Sorted by start: only intervals that start before this one ends can overlap it.
                for (var j = i + 1; j < intervals.Count && intervals[j].Lease.Start.Id < aEnd; j++)
                {
                    var (b, lb) = intervals[j];
                    if (a.Id != b.Id && ScalePlan.Overlap(a, b) && seen.Add((a.Id, b.Id)))
                    {
                        Violation($"{a.Id} (events {la.Start.Id}-{la.End?.Id}) and {b.Id} (events {lb.Start.Id}-{lb.End?.Id}) reserve overlapping files and were leased at once");
                    }
                }
                for (var j = i + 1; j < intervals.Count; j++)
                {
                    var (b, lb) = intervals[j];
                    // By instant: the two intervals share more than the skew (touching ends are not an overlap).
                    var aTo = la.End?.At ?? DateTimeOffset.MaxValue;
                    var bTo = lb.End?.At ?? DateTimeOffset.MaxValue;
                    var from = la.Start.At > lb.Start.At ? la.Start.At : lb.Start.At;
                    var to = aTo < bTo ? aTo : bTo;
                    if (a.Id != b.Id && to > from && to - from > Skew && ScalePlan.Overlap(a, b) && seen.Add((a.Id, b.Id)))
                    {
                        Violation($"{a.Id} (leased {la.Start.At:O} to {la.End?.At:O}) and {b.Id} (leased {lb.Start.At:O} to {lb.End?.At:O}) reserve overlapping files and were leased at once");
                    }
                }
            }
        }
    }

    private void JudgeLedger(AckLedger ledger, Dictionary<string, BatonEvent> done)
    {
        foreach (var problem in ledger.Problems)
        {
            Violation("worker: " + problem);
        }
        foreach (var ack in ledger.Acks)
        {
            if (!done.TryGetValue(ack.TaskId, out var e))
            {
                Violation($"{ack.TaskId}: the report acknowledged to {ack.Worker} is not in the store (no task.done)");
            }
            else if (e.Worker != ack.Worker)
            {
                Violation($"{ack.TaskId}: acknowledged to {ack.Worker}, but the store has it done by {e.Worker}");
            }
        }
    }

    private void Violation(string text)
    {
        if (++_violationCount <= MaxListed)
        {
            _violations.Add(text);
        }
    }

    private sealed class Lease(BatonEvent start)
    {
        public BatonEvent Start { get; } = start;

        public BatonEvent? End { get; set; }
    }
}

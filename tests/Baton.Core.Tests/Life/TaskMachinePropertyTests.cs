using System.Text.Json;
using Baton.Core.Api;
using Baton.Core.Errors;
using Baton.Core.Escalations;
using Baton.Core.Globs;
using Baton.Core.Life;
using Baton.Core.Tasks;

namespace Baton.Core.Tests.Life;

/// <summary>
/// Random sequences of requests against <see cref="TaskMachine"/> (applied by <see cref="LifeWorld"/>), each step
/// compared with a simple model of what must happen: never two live leases on a task or overlapping files leased
/// together, never more leases than a worker's capacity, never a lost acknowledged report, and every refusal
/// names its reason. A failing seed replays exactly (System.Random with that seed).
/// </summary>
public sealed class TaskMachinePropertyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly string[][] FilePool = [[], [], ["src/a/**"], ["src/a/x.cs"], ["src/b/*.cs"], ["docs/*.md"], ["src/**"]];
    private static readonly string[] ChangedPool = ["src/a/x.cs", "src/b/y.cs", "docs/z.md", "README.md"];
    private static readonly (string Name, int Capacity, string[] Labels)[] Workers = [("w1", 1, []), ("w2", 2, []), ("w3", 1, ["gpu"])];

    public static TheoryData<int> Seeds()
    {
        var seeds = new TheoryData<int>();
        for (var seed = 1; seed <= 150; seed++)
        {
            seeds.Add(seed);
        }
        return seeds;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomRequests_KeepTheInvariantsOfTheTaskLife(int seed)
    {
        var random = new Random(seed);
        var run = new Run(random);
        run.ImportPlan();
        for (var step = 0; step < 250; step++)
        {
            run.Step(step);
            run.CheckInvariants($"seed {seed}, step {step}");
        }
    }

    private sealed class Run(Random random)
    {
        private readonly LifeWorld _world = new();
        private readonly List<(string Task, string Summary)> _acknowledged = [];
        private DateTimeOffset _now = T0;

        public void ImportPlan()
        {
            var count = random.Next(3, 9);
            var specs = new List<TaskSpec>();
            for (var i = 0; i < count; i++)
            {
                specs.Add(new TaskSpec
                {
                    Id = new TaskId("t" + i),
                    Title = "task " + i,
                    Priority = random.Next(3),
                    Files = FilePool[random.Next(FilePool.Length)],
                    Labels = random.Next(5) == 0 ? ["gpu"] : [],
                    DependsOn = i > 0 && random.Next(3) == 0 ? [new TaskId("t" + random.Next(i))] : [],
                    MaxAttempts = random.Next(1, 4),
                    Acceptance = random.Next(3) == 0 ? [new AcceptanceItem { Check = JsonDocument.Parse("""{"check":"file_exists","path":"x"}""").RootElement }] : [],
                });
            }
            Assert.True(_world.Import(_now, [.. specs]).Accepted);
        }

        public void Step(int step)
        {
            switch (random.Next(12))
            {
                case 0 or 1:
                    _now += TimeSpan.FromSeconds(random.Next(0, 25));
                    break;
                case 2 or 3:
                    Claim();
                    break;
                case 4 or 5 or 6:
                    Report(step);
                    break;
                case 7:
                    Heartbeat();
                    break;
                case 8:
                    Release();
                    break;
                case 9:
                    Resolve();
                    break;
                case 10:
                    CompleteChecks();
                    break;
                default:
                    Other();
                    break;
            }
        }

        private (string Name, int Capacity, string[] Labels) AnyWorker() => Workers[random.Next(Workers.Length)];

        private string AnyTask() => _world.Tasks.ElementAt(random.Next(_world.Tasks.Count())).Item.Id.Value;

        private bool Live(TaskLife life) => life.Deadline > _now;

        // The model of a claim: expire what ran out, give back a held task at capacity, else the first ready task in
        // priority and plan order whose labels fit and whose files overlap no live reservation.
        private string? ExpectedClaim((string Name, int Capacity, string[] Labels) worker)
        {
            var lives = _world.Tasks.Select(t => (t.Item, Life: t.Life.State switch
            {
                TaskState.Leased when !Live(t.Life) => t.Life.Attempts >= t.Life.MaxAttempts ? TaskState.Escalated : TaskState.Ready,
                TaskState.Checking when !Live(t.Life) => TaskState.Ready,
                var s => s,
            }, t.Life)).ToList();
            var held = lives.Where(t => t.Life == TaskState.Leased && t.Item3.Worker == new WorkerId(worker.Name))
                .OrderBy(t => t.Item3.ClaimedAt).ThenBy(t => t.Item.Seq).ToList();
            if (held.Count >= worker.Capacity)
            {
                return held[0].Item.Id.Value;
            }
            var reserving = lives.Where(t => t.Life is TaskState.Leased or TaskState.Checking).SelectMany(t => t.Item.Files).ToList();
            return lives.Where(t => t.Life == TaskState.Ready)
                .Where(t => t.Item.Labels.All(worker.Labels.Contains))
                .Where(t => !t.Item.Files.Any(f => reserving.Any(r => GlobOverlap.CanOverlap(f, r))))
                .OrderByDescending(t => t.Item.Priority).ThenBy(t => t.Item.Seq)
                .Select(t => t.Item.Id.Value).FirstOrDefault();
        }

        private void Claim()
        {
            var worker = AnyWorker();
            var expected = ExpectedClaim(worker);
            var claimed = _world.Claim(new ClaimRequest
            {
                Worker = new WorkerId(worker.Name),
                Capacity = worker.Capacity,
                Labels = worker.Labels,
                Lease = TimeSpan.FromSeconds(random.Next(10, 60)),
            }, _now);
            Assert.Equal(expected, claimed.IsOk ? claimed.Value.Task.Id.Value : null);
            if (!claimed.IsOk)
            {
                Assert.Equal(ErrorCode.NoTask, claimed.Error.Code);
                Assert.False(string.IsNullOrWhiteSpace(claimed.Error.Message));
                return;
            }
            var life = _world.Life(claimed.Value.Task.Id.Value);
            Assert.Equal((TaskState.Leased, new WorkerId(worker.Name), claimed.Value.Lease.Id), (life.State, life.Worker, life.LeaseId));
            Assert.True(Live(life));
        }

        private void Report(int step)
        {
            var worker = AnyWorker().Name;
            var mine = _world.Tasks.Where(t => t.Life.Worker == new WorkerId(worker)).Select(t => t.Item.Id.Value).ToList();
            var task = mine.Count > 0 && random.Next(4) != 0 ? mine[random.Next(mine.Count)] : AnyTask();
            var before = _world.Life(task);
            var outcome = (ReportOutcome)random.Next(3);
            var request = new ReportRequest
            {
                TaskId = new TaskId(task),
                Worker = new WorkerId(worker),
                Outcome = outcome,
                Summary = $"report {step}",
                Files = random.Next(2) == 0 ? [] : [ChangedPool[random.Next(ChangedPool.Length)]],
                LeaseId = random.Next(6) == 0 ? new LeaseId("l-stale") : null,
            };
            var holds = before.State == TaskState.Leased && before.Worker == request.Worker && Live(before)
                && (request.LeaseId is null || request.LeaseId == before.LeaseId);
            var reportsBefore = _world.Reports.Count;
            var decision = _world.Report(request, _now);
            Assert.Equal(holds, decision.Accepted);
            if (decision.Accepted)
            {
                var kept = _world.Reports[^1];
                Assert.Equal((request.Summary, false), (kept.Summary, kept.Late));
                var attempt = _world.Attempts(request.TaskId).Single(a => a.Number == before.Attempts);
                Assert.Equal(outcome, AttemptEndings.ReportedOutcome(attempt.Ending));
                Assert.NotEqual(TaskState.Leased, _world.Life(task).State);
                _acknowledged.Add((task, request.Summary));
                return;
            }
            Refused(decision.Refusal!, task, worker, ErrorCode.LeaseNotHeld, ErrorCode.LeaseExpired);
            Assert.Equal(decision.Refusal!.Code == ErrorCode.LeaseExpired ? reportsBefore + 1 : reportsBefore, _world.Reports.Count);
            Assert.DoesNotContain(_world.Reports.Skip(reportsBefore), r => !r.Late);
        }

        private void Heartbeat()
        {
            var worker = new WorkerId(AnyWorker().Name);
            var live = _world.Tasks.Count(t => t.Life.State == TaskState.Leased && t.Life.Worker == worker && Live(t.Life));
            var beat = _world.Heartbeat(new HeartbeatRequest { Worker = worker, Note = "beat" }, _now);
            Assert.Equal(live > 0, beat.Decision.Accepted);
            Assert.Equal(live, beat.Renewed.Count);
            if (!beat.Decision.Accepted)
            {
                Refused(beat.Decision.Refusal!, worker.Value, worker.Value, ErrorCode.LeaseNotHeld, ErrorCode.LeaseExpired);
            }
        }

        private void Release()
        {
            var worker = AnyWorker().Name;
            var task = AnyTask();
            var before = _world.Life(task);
            var decision = _world.Release(new ReleaseRequest { TaskId = new TaskId(task), Worker = new WorkerId(worker) }, _now);
            Assert.Equal(before.State == TaskState.Leased && before.Worker == new WorkerId(worker) && Live(before), decision.Accepted);
            if (decision.Accepted)
            {
                Assert.Equal((TaskState.Ready, before.Attempts), (_world.Life(task).State, _world.Life(task).Attempts));
                return;
            }
            Refused(decision.Refusal!, task, worker, ErrorCode.LeaseNotHeld, ErrorCode.LeaseExpired);
        }

        private void Resolve()
        {
            var task = AnyTask();
            var before = _world.Life(task);
            var open = _world.OpenEscalations.Contains(new TaskId(task));
            var action = ResolveRequest.Actions[random.Next(ResolveRequest.Actions.Count)];
            var decision = _world.Resolve(new ResolveRequest { TaskId = new TaskId(task), Action = action, Title = action == "edit" ? "new" : null }, _now);
            Assert.Equal(before.State == TaskState.Escalated || open, decision.Accepted);
            if (!decision.Accepted)
            {
                Refused(decision.Refusal!, task, task, ErrorCode.IllegalTransition);
                return;
            }
            Assert.DoesNotContain(new TaskId(task), _world.OpenEscalations);
        }

        private void CompleteChecks()
        {
            var checking = _world.Tasks.Where(t => t.Life.State == TaskState.Checking).ToList();
            var (item, life) = checking.Count > 0 ? checking[random.Next(checking.Count)] : _world.Tasks.First();
            var attempt = random.Next(8) == 0 ? life.Attempts + 1 : life.Attempts;
            var decision = _world.CompleteChecks(item.Id.Value, attempt, passed: random.Next(2) == 0, _now);
            Assert.Equal(life.State == TaskState.Checking && attempt == life.Attempts, decision.Accepted);
            if (!decision.Accepted)
            {
                Refused(decision.Refusal!, item.Id.Value, item.Id.Value, ErrorCode.IllegalTransition);
            }
        }

        private void Other()
        {
            switch (random.Next(3))
            {
                case 0:
                    _world.ExpireDue(_now);
                    break;
                case 1:
                    var task = AnyTask();
                    var finished = _world.Life(task).State.IsFinished();
                    var cancelled = _world.Cancel(task, _now);
                    Assert.Equal(!finished, cancelled.Accepted);
                    if (!cancelled.Accepted)
                    {
                        Refused(cancelled.Refusal!, task, task, ErrorCode.IllegalTransition);
                    }
                    break;
                default:
                    // What verify does: a done task whose checks now contradict another's work.
                    if (_world.Tasks.FirstOrDefault(t => t.Life.State == TaskState.Done) is { Item: not null } done)
                    {
                        Assert.True(_world.Escalate(done.Item.Id.Value, _now).Accepted);
                        Assert.Equal(EscalationKinds.Contradiction, _world.Escalations[^1].Kind);
                    }
                    break;
            }
        }

        private static void Refused(BatonError refusal, string task, string worker, params ErrorCode[] codes)
        {
            Assert.Contains(refusal.Code, codes);
            Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
            Assert.True(refusal.Message.Contains(task, StringComparison.Ordinal) || refusal.Message.Contains(worker, StringComparison.Ordinal),
                $"the refusal names neither {task} nor {worker}: {refusal.Message}");
        }

        public void CheckInvariants(string where)
        {
            var tasks = _world.Tasks.ToList();
            foreach (var (item, life) in tasks)
            {
                Assert.True(life.Problem() is null, $"{where}: {item.Id.Value}: {life.Problem()}");
                var attempts = _world.Attempts(item.Id);
                Assert.Equal(life.Attempts, attempts.Count);
                // One holder: a leased task's lease is its last attempt's, and no other attempt is live.
                Assert.True(attempts.Count(a => a.Ending is null) <= 1, $"{where}: {item.Id.Value} has two live attempts");
                if (life.State == TaskState.Leased)
                {
                    Assert.Equal((life.LeaseId, life.Worker), (attempts[^1].LeaseId, (WorkerId?)attempts[^1].Worker));
                    Assert.Null(attempts[^1].Ending);
                }
            }
            // No overlapping files held together, and no worker over its capacity.
            var live = tasks.Where(t => t.Life.State is TaskState.Leased or TaskState.Checking && Live(t.Life)).ToList();
            for (var i = 0; i < live.Count; i++)
            {
                for (var j = i + 1; j < live.Count; j++)
                {
                    Assert.True(GlobOverlap.FirstOverlap(live[i].Item.Files, live[j].Item.Files) is null,
                        $"{where}: {live[i].Item.Id.Value} and {live[j].Item.Id.Value} hold overlapping files");
                }
            }
            foreach (var (name, capacity, _) in Workers)
            {
                Assert.True(live.Count(t => t.Life.State == TaskState.Leased && t.Life.Worker == new WorkerId(name)) <= capacity, $"{where}: {name} over capacity");
            }
            // Nothing acknowledged is lost.
            foreach (var (task, summary) in _acknowledged)
            {
                Assert.Contains(_world.Reports, r => r.TaskId.Value == task && r.Summary == summary && !r.Late);
            }
        }
    }
}

using System.Collections.Concurrent;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// What the workers were told: every done report a hub acknowledged, by task. Whatever is here must be in the store
/// at the end (invariant 2), and a task acknowledged twice is duplicate work (invariant 3).
/// </summary>
internal sealed class AckLedger
{
    private readonly ConcurrentDictionary<string, Acknowledged> _acks = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<(int Count, TaskCompletionSource Reached)> _marks = [];
    private readonly int _expected;
    private int _count;

    public AckLedger(int expected) => _expected = expected;

    public int Count => Volatile.Read(ref _count);

    public IReadOnlyCollection<Acknowledged> Acks => [.. _acks.Values];

    /// <summary>Anything a worker saw that breaks a rule (a second acknowledgement, a refusal it should not get).</summary>
    public IReadOnlyCollection<string> Problems => [.. _problems];

    /// <summary>Completes when every expected task has been acknowledged.</summary>
    public Task AllAcknowledged => _all.Task;

    public void Acknowledge(string taskId, string worker, string leaseId, bool replayed)
    {
        var ack = new Acknowledged(taskId, worker, leaseId);
        if (!_acks.TryAdd(taskId, ack))
        {
            var first = _acks[taskId];
            // The same report answered again (a retry after a lost reply, same idempotency key) is one report.
            if (!(replayed && first == ack))
            {
                Problem($"{taskId} acknowledged twice: to {first.Worker} (lease {first.LeaseId}) and to {worker} (lease {leaseId})");
            }
            return;
        }
        var count = Interlocked.Increment(ref _count);
        if (count == _expected)
        {
            _all.TrySetResult();
        }
        lock (_marks)
        {
            _marks.RemoveAll(m => m.Count <= count && m.Reached.TrySetResult());
        }
    }

    /// <summary>Completes once <paramref name="count"/> tasks have been acknowledged (a test's moment to break something).</summary>
    public Task Reached(int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_marks)
        {
            if (Count >= count)
            {
                return Task.CompletedTask;
            }
            _marks.Add((count, reached));
        }
        return reached.Task;
    }

    public void Problem(string problem) => _problems.Enqueue(problem);
}

/// <summary>A done report the hub acknowledged.</summary>
internal sealed record Acknowledged(string TaskId, string Worker, string LeaseId);

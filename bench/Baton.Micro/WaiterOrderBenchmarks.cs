using System.Globalization;
using Baton.Core.Scheduling;
using Baton.Core.Tasks;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// <see cref="WaiterOrder.Order"/>: which waiting worker the hub's dispatcher offers the next ready task
/// first, for each policy and a growing number of waiters. The dispatcher asks again after every assignment.
/// </summary>
[MemoryDiagnoser]
public class WaiterOrderBenchmarks
{
    private List<WaiterCandidate> _waiters = [];
    private WorkerId? _lastServed;

    /// <summary>The assignment policy.</summary>
    [Params(AssignmentPolicy.LeastLoaded, AssignmentPolicy.RoundRobin, AssignmentPolicy.Priority)]
    public AssignmentPolicy Policy { get; set; }

    /// <summary>Waiting claims to order.</summary>
    [Params(8, 64, 1024)]
    public int Waiters { get; set; }

    /// <summary>Waiters with mixed loads, names out of order and a few passed over many times (fixed seed).</summary>
    [GlobalSetup]
    public void Setup()
    {
#pragma warning disable CA5394 // not security: a fixed seed makes the same waiters every run
        var random = new Random(7411);
        _waiters = Enumerable.Range(0, Waiters)
            .Select(i => new WaiterCandidate
            {
                Worker = new WorkerId("worker-" + random.Next(0, 1_000_000).ToString("D6", CultureInfo.InvariantCulture)),
                Arrival = i,
                Priority = random.Next(0, 4),
                Leases = random.Next(0, 3),
                Done = random.Next(0, 50),
                PassedOver = random.Next(0, 20),
            })
            .ToList();
#pragma warning restore CA5394
        _lastServed = _waiters[Waiters / 2].Worker;
    }

    /// <summary>One ordering of all waiters.</summary>
    [Benchmark]
    public IReadOnlyList<int> Order() => WaiterOrder.Order(Policy, _waiters, _lastServed);
}

using System.Globalization;
using Baton.Core.Life;
using Baton.Core.Tasks;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// One ready task's globs against every leased task's globs, as a claim checks each candidate
/// (<c>TaskMachine.ReservedBy</c>, Core's rule): 4 globs against 64 leased tasks of 3 globs.
/// The task overlaps none of them, so all 768 pairs are decided: the cost of a candidate the claim takes.
/// </summary>
[MemoryDiagnoser]
public class ReservedOverlapBenchmarks
{
    private const int Leased = 64;
    private List<string> _task = [];
    private List<Reservation> _reserved = [];

    /// <summary>plain: globs without braces; braces: every glob of the candidate has a <c>{a,b}</c> group.</summary>
    [Params("plain", "braces")]
    public string Shape { get; set; } = "plain";

    /// <summary>Builds the candidate's globs and the leased tasks' reservations.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _reserved = Enumerable.Range(0, Leased)
            .Select(k =>
            {
                var n = k.ToString(CultureInfo.InvariantCulture);
                return new Reservation(new TaskId("held-" + n), null, [$"src/Module{n}/**", $"tests/Module{n}.Tests/*Tests.cs", $"docs/module{n}.md"]);
            })
            .ToList();
        _task = Shape == "braces"
            ? ["src/Feature/{Api,Impl}/**", "tests/Feature.Tests/{Api,Impl}Tests.cs", "docs/feature.{md,json}", "schema/{feature,shared}/*.json"]
            : ["src/Feature/**", "tests/Feature.Tests/*Tests.cs", "docs/feature.md", "schema/feature/*.json"];
        if (TaskMachine.ReservedBy(_task, _reserved) is not null)
        {
            throw new InvalidOperationException("the candidate must overlap no reserved task");
        }
    }

    /// <summary>4 × 64 × 3 overlap decisions, none overlapping.</summary>
    [Benchmark]
    public object? OneTaskAgainst64Leased() => TaskMachine.ReservedBy(_task, _reserved);
}

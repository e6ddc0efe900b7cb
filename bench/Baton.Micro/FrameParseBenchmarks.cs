using System.Text;
using Baton.Hub.Connections;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// <see cref="FrameParser"/> on the hub's most common frame, a report that also claims the next task: read in one
/// pass, as every well-formed frame now is, against a document first and then the message, as every frame was.
/// </summary>
[MemoryDiagnoser]
public class FrameParseBenchmarks
{
    private readonly ReadOnlyMemory<byte> _report = Encoding.UTF8.GetBytes(
        """{"type":"report","id":4812,"task_id":"t-004811","outcome":"done","summary":"ok","files":["src/a.cs"],"lease_id":"l-019ac1f2a3b4c5d6e7f8","idempotency_key":"r-019ac1f2a3b47c1d9e0f1a2b3c4d5e6f","next":true}""");

    /// <summary>The frame read as its message in one pass.</summary>
    [Benchmark(Baseline = true)]
    public object? OnePass() => FrameParser.Parse(_report).Message;

    /// <summary>The frame read as a document, checked, then read again as its message.</summary>
    [Benchmark]
    public object? DocumentFirst() => FrameParser.Diagnose(_report).Message;
}

using System.Text;
using System.Text.Json;
using Baton.Core.Protocol;
using BenchmarkDotNet.Attributes;

namespace Baton.Micro;

/// <summary>
/// The client's most common read: a <c>report.ok</c> that carries the next task (about 1.2 KB, as `baton report
/// --next` gets it), read by <see cref="ProtocolFrame"/> straight as the message its leading "type" names,
/// with its own readers of the records (RecordReaders), against the generated readers, and against the polymorphic
/// reader, which first looks through the whole frame for "type".
/// </summary>
[MemoryDiagnoser]
public class ReplyParseBenchmarks
{
    private readonly byte[] _reply = Encoding.UTF8.GetBytes(
        """{"type":"report.ok","id":12,"task":{"id":"t1","title":"t1","description":"","context":"","context_files":[],"acceptance":[],"files":[],"depends_on":[],"priority":0,"labels":[],"max_attempts":3,"state":"done","attempts":1,"plan":"plan-1795857651124-481920","seq":1,"created_at":"2026-11-28T09:20:51.124+00:00","updated_at":"2026-11-28T09:20:51.231+00:00"},"report":{"id":1,"task_id":"t1","attempt":1,"worker":"w","outcome":"done","summary":"ok","files":[],"late":false,"at":"2026-11-28T09:20:51.231+00:00"},"replayed":false,"next":{"task":{"id":"t2","title":"t2","description":"","context":"","context_files":[],"acceptance":[],"files":[],"depends_on":[],"priority":0,"labels":[],"max_attempts":3,"state":"leased","attempts":1,"current_lease":{"id":"l-01a22175161fb04104ac","worker":"w","claimed_at":"2026-11-28T09:20:51.231+00:00","expires_at":"2026-11-28T09:30:51.231+00:00"},"plan":"plan-1795857651159-0b689c","seq":2,"created_at":"2026-11-28T09:20:51.159+00:00","updated_at":"2026-11-28T09:20:51.231+00:00"},"lease":{"id":"l-01a22175161fb04104ac","worker":"w","claimed_at":"2026-11-28T09:20:51.231+00:00","expires_at":"2026-11-28T09:30:51.231+00:00"},"attempt":1,"history":[]}}""");

    /// <summary>As the hub and the client read frames.</summary>
    [Benchmark(Baseline = true)]
    public object? TypeFirst() => ProtocolFrame.Read(_reply);

    /// <summary>Straight as the message, with the generated readers of the records (what <see cref="ProtocolFrame"/>
    /// did before it had readers of its own, RecordReaders).</summary>
    [Benchmark]
    public object? TypeFirstGenerated() => JsonSerializer.Deserialize(_reply, BatonJsonContext.Default.ReportOkMessage);

    /// <summary>As they read every frame before the type-first read.</summary>
    [Benchmark]
    public object? Polymorphic() => JsonSerializer.Deserialize(_reply, BatonJsonContext.Default.ProtocolMessage);
}

using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Baton.Core.Events;

namespace Baton.Hub.Metrics;

/// <summary>
/// The hub's instruments (meter <see cref="MeterName"/>, System.Diagnostics.Metrics; docs/operations.md lists them).
/// Two kinds:
/// <list type="bullet">
/// <item>what the <b>store</b> records, whoever wrote it (this hub, another hub on the same database, a local-mode
/// CLI): claims, reports by outcome, lease expiries, handoff latency and tasks by state. They come from the event
/// log (<see cref="MetricsFeed"/>), so every hub reports the same totals: scrape one, or do not add them up.</item>
/// <item>what <b>this hub</b> does: open connections, requests by type and their duration, the store's round trip.</item>
/// </list>
/// Nothing is recorded while no listener (an exporter, <c>dotnet-counters</c>) is subscribed: the feed reads events
/// only then (see <see cref="Listened"/>).
/// </summary>
internal sealed class HubMetrics : IDisposable
{
    public const string MeterName = "Baton.Hub";

    private readonly Meter _meter;
    private readonly Counter<long> _claims;
    private readonly Counter<long> _reports;
    private readonly Counter<long> _expiries;
    private readonly Histogram<double> _handoff;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _storeDuration;
    private readonly Lock _gate = new();
    private IReadOnlyDictionary<string, int> _tasks = new Dictionary<string, int>();

    public HubMetrics()
    {
        _meter = new Meter(MeterName, typeof(HubMetrics).Assembly.GetName().Version?.ToString());
        _claims = _meter.CreateCounter<long>("baton.claims", "{task}", "Tasks leased to a worker.");
        _reports = _meter.CreateCounter<long>("baton.reports", "{report}", "Reports applied, by the outcome the worker reported (done, failed, blocked).");
        _expiries = _meter.CreateCounter<long>("baton.lease.expiries", "{lease}", "Leases that ran out without a heartbeat; their tasks went back to ready.");
        _handoff = _meter.CreateHistogram<double>("baton.handoff.duration", "ms",
            "From the later of 'the task was ready' and 'the worker asked' to the lease.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.5, 1, 2, 5, 10, 25, 50, 100, 250, 1000, 5000] });
        _meter.CreateObservableGauge("baton.tasks", ObserveTasks, "{task}", "Tasks by state.");
        _connections = _meter.CreateUpDownCounter<long>("baton.connections", "{connection}", "Open WebSocket connections to this hub.");
        _requests = _meter.CreateCounter<long>("baton.requests", "{request}", "Requests this hub answered, by type and result (ok or the error code).");
        _requestDuration = _meter.CreateHistogram<double>("baton.request.duration", "ms", "Time this hub took to answer a request, waits included, by type.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 100, 1000, 10000, 60000] });
        _storeDuration = _meter.CreateHistogram<double>("baton.store.duration", "ms", "Round trip of the store reads the metrics make (tasks by state).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 100, 1000] });
    }

    /// <summary>This hub's meter (each hub has its own; they share the name).</summary>
    public Meter Meter => _meter;

    /// <summary>True while a listener takes the store-side instruments: only then does the feed read the event log.</summary>
    public bool Listened => _claims.Enabled || _reports.Enabled || _expiries.Enabled || _handoff.Enabled;

    public void ConnectionOpened() => _connections.Add(1);

    public void ConnectionClosed() => _connections.Add(-1);

    public void Request(string type, string result, TimeSpan took)
    {
        if (_requests.Enabled)
        {
            _requests.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("result", result));
        }
        if (_requestDuration.Enabled)
        {
            _requestDuration.Record(took.TotalMilliseconds, new KeyValuePair<string, object?>("type", type));
        }
    }

    public void StoreRoundTrip(TimeSpan took) => _storeDuration.Record(took.TotalMilliseconds);

    public void Tasks(IReadOnlyDictionary<string, int> byState)
    {
        lock (_gate)
        {
            _tasks = byState;
        }
    }

    /// <summary>Counts what one stored event says happened.</summary>
    public void Observe(BatonEvent e)
    {
        switch (e.Type)
        {
            case EventTypes.TaskClaimed:
                _claims.Add(1);
                if (DataOf(e, "handoff_ms") is { ValueKind: JsonValueKind.Number } ms)
                {
                    _handoff.Record(ms.GetDouble());
                }
                break;
            case EventTypes.LeaseExpired:
                _expiries.Add(1);
                break;
            default:
                // A report's own event carries its outcome; the escalation or check verdict after it does not.
                if (DataOf(e, "outcome") is { ValueKind: JsonValueKind.String } outcome)
                {
                    _reports.Add(1, new KeyValuePair<string, object?>("outcome", outcome.GetString()));
                }
                break;
        }
    }

    private static JsonElement? DataOf(BatonEvent e, string property)
        => e.Data is { ValueKind: JsonValueKind.Object } data && data.TryGetProperty(property, out var value) ? value : null;

    private IEnumerable<Measurement<int>> ObserveTasks()
    {
        IReadOnlyDictionary<string, int> snapshot;
        lock (_gate)
        {
            snapshot = _tasks;
        }
        foreach (var (state, count) in snapshot)
        {
            yield return new Measurement<int>(count, new KeyValuePair<string, object?>("state", state));
        }
    }

    public void Dispose() => _meter.Dispose();

    /// <summary>A stopwatch for <see cref="Request"/>, free when nobody listens.</summary>
    public long Start() => _requests.Enabled || _requestDuration.Enabled ? Stopwatch.GetTimestamp() : 0;
}

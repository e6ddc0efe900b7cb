using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Baton.Hub.Metrics;
using Baton.Hub.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Baton.Hub.Tests.Metrics;

public sealed class HubMetricsTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Listener_SeesClaimsReportsTasksByStateRequestsAndConnections_OfThisHub()
    {
        await using var hub = await TestHub.StartAsync();
        var meter = hub.Hub.Services.GetRequiredService<HubMetrics>().Meter;
        var seen = new ConcurrentDictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var key = instrument.Name + string.Concat(tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"|{t.Key}={t.Value}"));
            if (instrument is ObservableGauge<int>)
            {
                seen[key] = value;
            }
            else
            {
                seen.AddOrUpdate(key, value, (_, old) => old + value);
            }
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        await hub.SeedAsync("t1", "t2");
        using var http = hub.Http();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/claim", HttpJson.Body("""{"worker":"w1"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/report", HttpJson.Body("""{"worker":"w1","task_id":"t1","outcome":"done","summary":"ok"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync("/api/report", HttpJson.Body("""{"worker":"w9","task_id":"t2","outcome":"done"}"""), ct)).StatusCode);
        await using (var socket = await RawSocket.ConnectAsync(hub.SocketUrl, hub.Token))
        {
            await WaitForAsync(() => seen.GetValueOrDefault("baton.connections") >= 1, "an open connection", seen);
        }

        await WaitForAsync(() => seen.GetValueOrDefault("baton.claims") == 1 && seen.GetValueOrDefault("baton.reports|outcome=done") == 1,
            "the claim and the report", seen);
        await WaitForAsync(() =>
        {
            listener.RecordObservableInstruments();
            return seen.GetValueOrDefault("baton.tasks|state=done") == 1 && seen.GetValueOrDefault("baton.tasks|state=ready") == 1;
        }, "tasks by state: one done, one ready", seen);
        Assert.Equal(1, seen.GetValueOrDefault("baton.requests|result=ok|type=claim"));
        Assert.True(seen.ContainsKey("baton.handoff.duration"), "the claim's handoff was not measured");
        Assert.Contains(seen.Keys, k => k.StartsWith("baton.requests|result=lease_", StringComparison.Ordinal) && k.EndsWith("type=report", StringComparison.Ordinal));
        Assert.True(seen.GetValueOrDefault("baton.request.duration|type=claim") > 0);
        Assert.True(seen.GetValueOrDefault("baton.store.duration") > 0);
        await WaitForAsync(() => seen.GetValueOrDefault("baton.connections") == 0, "the connection closed", seen);

        // A blocked report escalates its task: one report (blocked), not also an "escalated" one for the escalation.
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/claim", HttpJson.Body("""{"worker":"w1"}"""), ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/report", HttpJson.Body("""{"worker":"w1","task_id":"t2","outcome":"blocked","summary":"needs a key"}"""), ct)).StatusCode);
        await WaitForAsync(() => seen.GetValueOrDefault("baton.reports|outcome=blocked") == 1, "the blocked report", seen);
        Assert.Equal(["baton.reports|outcome=blocked", "baton.reports|outcome=done"], seen.Keys.Where(k => k.StartsWith("baton.reports", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(1, seen["baton.reports|outcome=done"]);
    }

    [Fact]
    public async Task OtlpEndpoint_ReceivesTheHubsMetrics_OverHttpProtobuf()
    {
        using var collector = new OtlpCollector();
        await using var hub = await TestHub.StartAsync(otlp: collector.Url, metricsEvery: TimeSpan.FromMilliseconds(200));
        await hub.SeedAsync("t1");
        using var http = hub.Http();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsync("/api/claim", HttpJson.Body("""{"worker":"w1"}"""), ct)).StatusCode);

        var deadline = TimeProvider.System.GetUtcNow() + Deadline;
        while (!collector.Received.Any(r => r.Contains("baton.claims", StringComparison.Ordinal) && r.Contains("baton.tasks", StringComparison.Ordinal)))
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline, $"no OTLP export with baton.claims and baton.tasks; {collector.Received.Count} request(s) came");
            await collector.NextAsync(ct);
        }
        Assert.All(collector.ContentTypes, type => Assert.Equal("application/x-protobuf", type));
        Assert.All(collector.Paths, path => Assert.Equal("/v1/metrics", path));
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, ConcurrentDictionary<string, double> seen)
    {
        var deadline = TimeProvider.System.GetUtcNow() + Deadline;
        while (!condition())
        {
            Assert.True(TimeProvider.System.GetUtcNow() < deadline,
                $"timed out waiting for {what}; measured: {string.Join(", ", seen.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A real OTLP/HTTP receiver on 127.0.0.1: keeps each request's body (protobuf: metric names are in it as
    /// UTF-8), content type and path.</summary>
    private sealed class OtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly Task _loop;
        private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public OtlpCollector()
        {
            Url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
            _listener.Prefixes.Add(Url.ToString());
            _listener.Start();
            _loop = Task.Run(LoopAsync);
        }

        public Uri Url { get; }

        public ConcurrentQueue<string> Received { get; } = new();

        public ConcurrentQueue<string> ContentTypes { get; } = new();

        public ConcurrentQueue<string> Paths { get; } = new();

        public Task NextAsync(CancellationToken ct) => Volatile.Read(ref _next).Task.WaitAsync(TimeSpan.FromSeconds(5), ct).ContinueWith(_ => { }, TaskScheduler.Default);

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext ctx;
                try
                {
                    ctx = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }
                using (var body = new MemoryStream())
                {
                    await ctx.Request.InputStream.CopyToAsync(body);
                    Received.Enqueue(Encoding.UTF8.GetString(body.ToArray()));
                }
                ContentTypes.Enqueue(ctx.Request.ContentType ?? "");
                Paths.Enqueue(ctx.Request.Url?.AbsolutePath ?? "");
                ctx.Response.StatusCode = 200;
                ctx.Response.ContentType = "application/x-protobuf";
                ctx.Response.Close();
                Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _ = _loop;
        }
    }
}

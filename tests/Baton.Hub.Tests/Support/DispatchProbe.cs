using Microsoft.Extensions.Logging;

namespace Baton.Hub.Tests.Support;

/// <summary>
/// Listens to the dispatcher's "dispatch round" log event (id 2206), so a test knows that N claims are
/// queued before it adds the task they compete for, without sleeping.
/// </summary>
internal sealed class DispatchProbe : ILoggerProvider
{
    private const int DispatchRoundEventId = 2206;
    private readonly Lock _gate = new();
    private readonly List<(long AfterRound, int Waiters, TaskCompletionSource Seen)> _watchers = [];
    private long _rounds;

    /// <summary>The number of rounds seen so far; pass it to <see cref="WaitForWaitersAsync"/> before
    /// starting the claim, so a round that comes before the wait call still counts.</summary>
    public long Mark()
    {
        lock (_gate)
        {
            return _rounds;
        }
    }

    /// <summary>Completes once a round after <paramref name="afterRound"/> saw at least <paramref name="waiters"/> waiters.</summary>
    public Task WaitForWaitersAsync(int waiters, long afterRound)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _watchers.Add((afterRound, waiters, seen));
            Check();
        }
        return seen.Task.WaitAsync(TestTimeouts.Default, TestContext.Current.CancellationToken);
    }

    private readonly List<(long Round, int Waiters)> _history = [];

    private void Round(int waiters)
    {
        lock (_gate)
        {
            _rounds++;
            _history.Add((_rounds, waiters));
            Check();
        }
    }

    private void Check()
    {
        _watchers.RemoveAll(w =>
        {
            if (_history.Any(h => h.Round > w.AfterRound && h.Waiters >= w.Waiters))
            {
                w.Seen.TrySetResult();
                return true;
            }
            return false;
        });
    }

    public ILogger CreateLogger(string categoryName) => new ProbeLogger(this, categoryName.EndsWith("ClaimDispatcher", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class ProbeLogger(DispatchProbe probe, bool dispatcher) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => dispatcher;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id != DispatchRoundEventId || state is not IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                return;
            }
            var waiters = fields.FirstOrDefault(f => f.Key == "WaiterCount").Value is int n ? n : 0;
            probe.Round(waiters);
        }
    }
}

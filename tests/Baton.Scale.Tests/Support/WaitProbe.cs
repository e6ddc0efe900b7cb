using Microsoft.Extensions.Logging;

namespace Baton.Scale.Tests.Support;

/// <summary>
/// Listens to a hub's dispatcher ("dispatch round", log event 2206, which counts the claims waiting), so a test knows a
/// worker's claim waits at that hub before it adds the task, without sleeping.
/// </summary>
internal sealed class WaitProbe : ILoggerProvider
{
    private const int DispatchRoundEventId = 2206;
    private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the first dispatch round that saw a claim waiting.</summary>
    public Task Waiting => _waiting.Task;

    public ILogger CreateLogger(string categoryName) => new ProbeLogger(this, categoryName.EndsWith("ClaimDispatcher", StringComparison.Ordinal));

    public void Dispose()
    {
    }

    private sealed class ProbeLogger(WaitProbe probe, bool dispatcher) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => dispatcher;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == DispatchRoundEventId && state is IReadOnlyList<KeyValuePair<string, object?>> fields
                && fields.FirstOrDefault(f => f.Key == "WaiterCount").Value is int waiters && waiters > 0)
            {
                probe._waiting.TrySetResult();
            }
        }
    }
}

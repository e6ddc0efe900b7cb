using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Baton.Scale.Tests.Support;

/// <summary>A hub's log listener that keeps the event ids its PostgreSQL store logged (category
/// <c>Baton.Storage.Postgres</c>, events 2800-2899).</summary>
internal sealed class StoreLogProbe : ILoggerProvider
{
    private readonly ConcurrentQueue<int> _ids = new();

    /// <summary>The ids logged so far, in order.</summary>
    public IReadOnlyList<int> Ids => [.. _ids];

    public ILogger CreateLogger(string categoryName) => new ProbeLogger(this, categoryName == "Baton.Storage.Postgres");

    public void Dispose()
    {
    }

    private sealed class ProbeLogger(StoreLogProbe probe, bool store) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => store;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (store)
            {
                probe._ids.Enqueue(eventId.Id);
            }
        }
    }
}

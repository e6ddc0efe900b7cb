using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Baton.Testing;

/// <summary>Keeps every log entry written through it (a hub's, a store's), so a test can ask what was logged and at what
/// level (linked into the hub, scale and PostgreSQL store tests).</summary>
internal sealed class LogSink : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Whether an entry with <paramref name="eventId"/> was logged.</summary>
    public bool Has(int eventId) => _entries.Any(e => e.EventId == eventId);

    public ILogger CreateLogger(string categoryName) => new SinkLogger(this, categoryName);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);

    private sealed class SinkLogger(LogSink sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => sink._entries.Enqueue(new Entry(category, logLevel, eventId.Id, formatter(state, exception), exception));
    }
}

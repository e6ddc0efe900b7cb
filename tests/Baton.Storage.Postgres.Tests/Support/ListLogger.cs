using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Baton.Storage.Postgres.Tests.Support;

/// <summary>A logger that keeps what it is told, for tests that assert what the store says.</summary>
internal sealed class ListLogger : ILogger
{
    private readonly ConcurrentQueue<(int Id, LogLevel Level, string Message)> _entries = new();

    public IReadOnlyList<(int Id, LogLevel Level, string Message)> Entries => [.. _entries];

    public bool Has(int id) => _entries.Any(e => e.Id == id);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
}

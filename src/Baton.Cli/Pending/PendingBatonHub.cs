// TEMPORARY: signatures of types other branches are writing; deleted when they land on main.
#pragma warning disable CA1822, IDE0060 // stub bodies: replaced by the real implementation
using Microsoft.Extensions.Logging;

namespace Baton.Hub;

public sealed record HubOptions
{
    public required string StorePath { get; init; }
    public string Urls { get; init; } = "http://127.0.0.1:7411";
    public TimeSpan DefaultLease { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan DisconnectGrace { get; init; } = TimeSpan.FromSeconds(15);
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public bool CreateStoreIfMissing { get; init; }
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }
}

public sealed class RunningHub
{
    public Uri Url => throw new NotImplementedException();
    public Task Completion => throw new NotImplementedException();
    public Task StopAsync() => throw new NotImplementedException();
}

public static class BatonHub
{
    public static Task<RunningHub> StartAsync(HubOptions options, CancellationToken ct) => throw new NotImplementedException();
}

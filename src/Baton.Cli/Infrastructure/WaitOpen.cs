namespace Baton.Cli.Infrastructure;

/// <summary>A task still open when a wait timed out, in <see cref="WaitOutput"/>.</summary>
internal sealed record WaitOpen(string Id, string State, string? Worker);

namespace Baton.Cli.Infrastructure;

/// <summary>A task that cannot finish without the engineer, in <see cref="WaitOutput"/>.</summary>
internal sealed record WaitStuck(string Id, string State, string Reason);

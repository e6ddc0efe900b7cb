namespace Baton.Cli.Init;

/// <summary>One file <c>baton init</c> manages and what happened to it: created, updated, unchanged, kept (the
/// user's edits) or overwritten (<c>--force-rules</c>).</summary>
internal sealed record InitFileOutcome(string Path, string Action, string? Note = null);

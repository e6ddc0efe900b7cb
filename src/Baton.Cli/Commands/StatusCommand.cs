using System.CommandLine;
using Baton.Cli.Infrastructure;
using Baton.Cli.Rendering;
using Baton.Core.Protocol;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Commands;

/// <summary><c>baton status</c>: counts, progress, workers, what waits, and whether the plan is complete.</summary>
internal static class StatusCommand
{
    private static readonly Option<bool> Watch = new("--watch") { Description = "Redraw live as things change, until Ctrl+C." };

    public static Command Create()
    {
        var command = new Command("status", """
            Show counts by state, progress, each worker (connected, health, current task, done, failed, last seen)
            and the tasks that wait and why. --json has "complete": true once every task is finished. In local mode
            it also says (on stderr) when a hub serves the store.
            """);
        command.Options.Add(Watch);
        command.SetAction((parseResult, ct) => VerbRunner.RunAsync(parseResult, "observer", null, waits: parseResult.GetValue(Watch), async (session, json) =>
        {
            if (parseResult.GetValue(Watch) && !json)
            {
                var watched = await StatusWatcher.RunAsync(session.Api, session.Location, _ => false, allowLive: true, ct);
                return watched.IsOk || ct.IsCancellationRequested ? 0 : Output.Fail(watched.Error, json);
            }
            var status = await session.Api.StatusAsync(ct);
            if (session.Mode == "local" && !json && Path.IsPathFullyQualified(session.Location) && HubLockFile.TryReadRunning(session.Location) is { Url: { } hub } running)
            {
                Output.Note($"a hub serves this store {running.Describe()}; --server {hub.ToString().TrimEnd('/')} goes through it");
            }
            if (session.Mode == "hub" && !json && status.IsOk && OtherStore(status.Value.Store, parseResult) is { } here)
            {
                Output.Note($"the hub at {session.Location} serves {status.Value.Store}, not this repository's store {here}");
            }
            return Output.Result(status, json, static () => BatonJsonContext.Default.StatusSnapshot, value => Terminal.Stdout.Write(StatusView.Render(value, session.Location, TimeProvider.System.GetUtcNow())));
        }, ct));
        return command;
    }

    // This repository's store (as local mode would find it) when the hub serves a different one: a hub of another
    // repository on the expected port answers like this one's would. A file is compared by its full path, a PostgreSQL
    // database by its location without the password (what a hub reports).
    private static string? OtherStore(string? served, ParseResult parseResult)
    {
        var here = StoreLocator.Resolve(parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory);
        return served is not null && here.IsOk && !string.Equals(here.Value.Display, served, StringComparison.Ordinal)
            ? here.Value.Display
            : null;
    }
}

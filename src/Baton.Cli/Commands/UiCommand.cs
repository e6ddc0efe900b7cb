using System.CommandLine;
using System.Globalization;
using Baton.Cli.Infrastructure;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Hub;
using Baton.Hub.Access;
using Baton.Hub.Stores;
using Baton.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Baton.Cli.Commands;

/// <summary><c>baton ui</c>: a one-time sign-in link to the hub's page, opened in the browser; in local mode with no hub
/// on the store, a hub in this process (loopback, a free port) serving it until Ctrl+C.</summary>
internal static class UiCommand
{
    private static readonly Option<string> Role = new("--role")
    {
        Description = "What the page may do: coordinator (default; resolves the inbox) or observer (reads only).",
        DefaultValueFactory = _ => "coordinator",
        HelpName = "role",
    };

    private static readonly Option<bool> NoOpen = new("--no-open")
    {
        Description = "Only print the link; do not open a browser.",
    };

    private static readonly Option<string> Urls = new("--urls")
    {
        Description = "Local mode, when this command starts the hub: where it listens. Default http://127.0.0.1:0 (a free port).",
        DefaultValueFactory = _ => "http://127.0.0.1:0",
        HelpName = "url",
    };

    public static Command Create()
    {
        var command = new Command("ui", """
            Open the hub's page in a browser: the plan at a glance, tasks, the dependency graph, workers, a
            timeline, the inbox (resolve from there) and stats, live. The first line of output is a sign-in link
            that works once, for two minutes: the page trades it for a session cookie (HttpOnly, SameSite=Strict)
            and drops it from the address bar. With --server (or BATON_SERVER) it opens that hub's page (the token
            must be a coordinator's); in local mode it uses the hub that serves the store, or starts one in this
            process (loopback, a free port) that serves the page until Ctrl+C while other baton calls keep working
            on the store. --no-open prints the link without opening a browser (xdg-open, open). See docs/ui.md.
            """);
        command.Options.Add(Role);
        command.Options.Add(NoOpen);
        command.Options.Add(Urls);
        command.SetAction((parseResult, ct) =>
        {
            var json = parseResult.GetValue(CommonOptions.Json);
            return VerbRunner.GuardAsync(json, () => RunAsync(parseResult, json, ct), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, bool json, CancellationToken ct)
    {
        var role = parseResult.GetValue(Role)!.Trim().ToLowerInvariant();
        if (role is not ("coordinator" or "observer"))
        {
            return Output.Fail(ErrorCode.BadRequest, $"--role: '{role}' is not a page's role (coordinator or observer)", json);
        }
        var tokenOption = parseResult.GetValue(CommonOptions.Token);
        var storeOption = parseResult.GetValue(CommonOptions.Store);
        if (CommonOptions.ResolveServer(parseResult) is { } servers)
        {
            // Hubs that share a store serve the same page: the first one listed signs the engineer in.
            var server = CommonOptions.ServerList(servers)[0];
            if (!Uri.TryCreate(server, UriKind.Absolute, out var uri))
            {
                return Output.Fail(ErrorCode.BadRequest, $"--server: '{server}' is not an absolute URL (e.g. http://127.0.0.1:7411)", json);
            }
            return await OpenAsync(uri, await Connector.ResolveTokenAsync(tokenOption, storeOption, Environment.CurrentDirectory, ct), role, null, parseResult, json, ct);
        }
        var store = StoreLocator.Resolve(storeOption, Environment.CurrentDirectory);
        if (!store.IsOk)
        {
            return Output.Fail(store.Error, json);
        }
        if (store.Value.FilePath is { } file && HubLockFile.TryReadRunning(file) is { Url: { } running } record)
        {
            Output.Note($"using the hub that serves this store {record.Describe()}");
            return await OpenAsync(running, await Connector.ResolveTokenAsync(tokenOption, storeOption, Environment.CurrentDirectory, ct), role, null, parseResult, json, ct);
        }
        RunningHub hub;
        try
        {
            hub = await BatonHub.StartAsync(new HubOptions { StoreTarget = store.Value, Urls = parseResult.GetValue(Urls)!, ConfigureLogging = QuietLogging }, ct);
        }
        catch (HubAlreadyRunningException ex) when (ex.Running.Url is { } other)
        {
            // Another hub took the store between the look above and the start.
            Output.Note($"using the hub that serves this store {ex.Running.Describe()}");
            return await OpenAsync(other, await Connector.ResolveTokenAsync(tokenOption, storeOption, Environment.CurrentDirectory, ct), role, null, parseResult, json, ct);
        }
        catch (HubStartException ex)
        {
            return Output.Fail(ErrorCode.BadRequest, ex.Message, json);
        }
        catch (StoreOpenException ex)
        {
            return Output.Fail(ex.Code, ex.Message, json);
        }
        await using (hub)
        {
            var token = tokenOption ?? await LocalTokenAsync(store.Value, ct);
            return await OpenAsync(hub.Url, token, role, hub, parseResult, json, ct);
        }
    }

    // The repository's own token for a hub this call started: its key exists now (the hub made it if it was missing).
    private static async Task<string> LocalTokenAsync(StoreTarget store, CancellationToken ct)
    {
        await using var access = AccessStores.For(store, TimeProvider.System);
        return HubToken.Local(await access.LoadOrCreateKeyAsync(ct));
    }

    private static async Task<int> OpenAsync(Uri server, string? token, string role, RunningHub? serving, ParseResult parseResult, bool json, CancellationToken ct)
    {
        var login = await UiLogin.MintAsync(server, token, role, serving is not null, ct);
        if (!login.IsOk)
        {
            return Output.Fail(login.Error, json);
        }
        var link = login.Value;
        // The link is the first line of the output, whatever follows.
        if (json)
        {
            Output.Json(link, CliJsonContext.Default.UiLoginOutput);
        }
        else
        {
            Output.Line(link.Url);
        }
        Console.Out.Flush();
        var expires = link.ExpiresAt.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture);
        Output.Note($"a sign-in link for a {link.Role} page: it works once, until {expires}");
        if (!parseResult.GetValue(NoOpen) && !BrowserOpener.TryOpen(link.Url))
        {
            Output.Note("no browser to open here (xdg-open or open not found): open the link above in yours");
        }
        if (serving is null)
        {
            return 0;
        }
        Output.Note($"serving the page of {serving.Url} until Ctrl+C; other baton calls keep working on the store meanwhile");
        try
        {
            await serving.Completion.WaitAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Output.Note("stopping");
        }
        return 0;
    }

    // Diagnostics only, on stderr: stdout carries the link.
    private static void QuietLogging(ILoggingBuilder logging)
    {
        logging.SetMinimumLevel(LogLevel.Warning);
        logging.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
    }
}

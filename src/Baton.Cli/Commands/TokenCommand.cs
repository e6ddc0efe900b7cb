using System.CommandLine;
using System.Globalization;
using Baton.Cli.Infrastructure;
using Baton.Core.Access;
using Baton.Core.Errors;
using Baton.Core.Tasks;
using Baton.Hub.Access;
using Baton.Hub.Stores;

namespace Baton.Cli.Commands;

/// <summary><c>baton token</c>: make, list and revoke the hub's bearer tokens. Works where the store keeps them
/// (<see cref="AccessStores.For"/>): the files beside a SQLite store (<c>.baton/hub.key</c>, <c>.baton/tokens.json</c>),
/// or a PostgreSQL store's <c>access</c> table, which every hub on it reads; so only someone who can read the hub's
/// key can make a token.</summary>
internal static class TokenCommand
{
    private static readonly Option<string> Role = new("--role")
    {
        Description = "observer (read and subscribe), worker (claim, heartbeat, report, release; reads too) or coordinator (everything).",
        Required = true,
        HelpName = "role",
    };

    private static readonly Option<string?> Worker = new("--worker")
    {
        Description = "Bind a worker token to this worker name: it can act under no other.",
        HelpName = "name",
    };

    private static readonly Option<TimeSpan?> Expires = CommonOptions.Duration("--expires", "Stop working after this long (e.g. 8h); default never.");

    private static readonly Option<string?> Label = new("--label") { Description = "A note: whose, or what for.", HelpName = "text" };

    private static readonly Argument<string> Id = new("id") { Description = "The token's id (see 'baton token list')." };

    public static Command Create()
    {
        var command = new Command("token", """
            Make, list and revoke the hub's tokens. Every request to a hub needs one; the CLI, 'baton mcp',
            'baton run' and 'baton demo' on the hub's machine derive the repository's own (a coordinator token)
            from .baton/hub.key themselves. Give other agents and machines their own, with the least role.
            With a PostgreSQL store (--store postgres://..., or the one 'baton init --store' recorded) the key and
            the list are in the database: every hub on it accepts the same tokens, and a revoke through any of them
            counts on all within a second or two. See docs/security.md.
            """);
        command.Subcommands.Add(CreateCommand());
        command.Subcommands.Add(ListCommand());
        command.Subcommands.Add(RevokeCommand());
        command.Subcommands.Add(PruneCommand());
        command.Subcommands.Add(RotateCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var command = new Command("create", """
            Make a token and print it (this is the only time it is shown). The hub accepts it at once.
            Example: baton token create --role worker --worker w1 --expires 8h --label "laptop agent"
            """);
        command.Options.Add(Role);
        command.Options.Add(Worker);
        command.Options.Add(Expires);
        command.Options.Add(Label);
        command.SetAction((parseResult, ct) => RunAsync(parseResult, async (access, json) =>
        {
            if (!HubRoles.TryParse(parseResult.GetValue(Role), out var role))
            {
                return Output.Fail(ErrorCode.BadRequest, $"--role: '{parseResult.GetValue(Role)}' is not a role (observer, worker, coordinator)", json);
            }
            var worker = parseResult.GetValue(Worker) is { } name && !string.IsNullOrWhiteSpace(name) ? new WorkerId(name.Trim()) : (WorkerId?)null;
            var made = await access.CreateAsync(role, worker, parseResult.GetValue(Expires), parseResult.GetValue(Label), ct);
            return made.IsOk ? Print(made.Value.Record, made.Value.Token, json) : Output.Fail(made.Error, json);
        }, ct));
        return command;
    }

    private static int Print(TokenRecord record, string token, bool json)
    {
        if (json)
        {
            Output.Json(new TokenCreatedOutput { Token = token, Record = record }, CliJsonContext.Default.TokenCreatedOutput);
            return 0;
        }
        Output.Line(token);
        Output.Note($"token {record.Id}: {Describe(record)}; shown only now: give it to the agent as BATON_TOKEN (or --token)");
        return 0;
    }

    private static Command ListCommand()
    {
        var command = new Command("list", "List the tokens made (never the tokens themselves): id, role, worker, expiry, revocation.");
        command.SetAction((parseResult, ct) => RunAsync(parseResult, async (access, json) =>
        {
            var tokens = await access.ListAsync(ct);
            if (json)
            {
                Output.JsonList("tokens", tokens, CliJsonContext.Default.TokenRecord);
                return 0;
            }
            Output.Line($"{HubToken.LocalId,-14} coordinator, the repository's own (derived from the key in {access.KeyLocation}; 'baton token rotate' replaces it)");
            foreach (var token in tokens)
            {
                Output.Line($"{token.Id,-14} {Describe(token)}");
            }
            return 0;
        }, ct));
        return command;
    }

    private static Command RevokeCommand()
    {
        var command = new Command("revoke", "Revoke a token: the hub refuses it from its next request on, open connections included.");
        command.Arguments.Add(Id);
        command.SetAction((parseResult, ct) => RunAsync(parseResult, async (access, json) =>
        {
            var revoked = await access.RevokeAsync(parseResult.GetValue(Id)!, ct);
            return Output.Result(revoked, json, static () => CliJsonContext.Default.TokenRecord, r => Output.Line($"revoked {r.Id} ({Describe(r)})"));
        }, ct));
        return command;
    }

    private static Command PruneCommand()
    {
        var command = new Command("prune", "Drop revoked and expired tokens from the list.");
        command.SetAction((parseResult, ct) => RunAsync(parseResult, async (access, json) =>
        {
            var pruned = await access.PruneAsync(ct);
            if (!pruned.IsOk)
            {
                return Output.Fail(pruned.Error, json);
            }
            Output.Line(json ? $"{{\"dropped\":{pruned.Value}}}" : $"dropped {pruned.Value} token(s)");
            return 0;
        }, ct));
        return command;
    }

    private static Command RotateCommand()
    {
        var command = new Command("rotate", """
            Replace the hub's key: every token stops working, the repository's own included (the CLI derives the
            new one by itself). Use it when a token or the key may have leaked.
            """);
        command.SetAction((parseResult, ct) => RunAsync(parseResult, async (access, _) =>
        {
            await access.RotateKeyAsync(ct);
            Output.Line($"rotated the key in {access.KeyLocation}: every token made so far stops working");
            return 0;
        }, ct));
        return command;
    }

    private static Task<int> RunAsync(ParseResult parseResult, Func<IAccessStore, bool, Task<int>> action, CancellationToken cancellationToken)
    {
        var json = parseResult.GetValue(CommonOptions.Json);
        return VerbRunner.GuardAsync(json, async () =>
        {
            var store = StoreLocator.Resolve(parseResult.GetValue(CommonOptions.Store), Environment.CurrentDirectory);
            if (!store.IsOk)
            {
                return Output.Fail(store.Error, json);
            }
            await using var access = AccessStores.For(store.Value, TimeProvider.System);
            try
            {
                return await action(access, json);
            }
            catch (Exception ex) when (store.Value.Postgres is { } database && StoreOpener.Explain(ex, database) is { } explained)
            {
                return Output.Fail(explained.Code, explained.Message, json);
            }
        }, cancellationToken);
    }

    private static string Describe(TokenRecord token)
    {
        var parts = new List<string> { token.Role };
        if (token.Worker is { } worker)
        {
            parts.Add($"worker {worker}");
        }
        if (token.Label is { } label)
        {
            parts.Add($"\"{label}\"");
        }
        parts.Add(token.RevokedAt is { } revoked ? $"revoked {Stamp(revoked)}"
            : token.ExpiresAt is { } expires ? (expires <= TimeProvider.System.GetUtcNow() ? $"expired {Stamp(expires)}" : $"expires {Stamp(expires)}")
            : "never expires");
        return string.Join(", ", parts);
    }

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);
}

using System.CommandLine;
using Baton.Core.Tasks;

namespace Baton.Cli.Infrastructure;

/// <summary>Options every verb takes (recursive on the root) and the small factories verbs share.</summary>
internal static class CommonOptions
{
    public const string ServerEnvironmentVariable = "BATON_SERVER";
    public const string WorkerEnvironmentVariable = "BATON_WORKER";
    public const string TokenEnvironmentVariable = "BATON_TOKEN";

    public static Option<string?> Server { get; } = new("--server")
    {
        Description = $"Hub URL (e.g. http://127.0.0.1:7411): go through the hub instead of opening the store; several, comma-separated, for hubs that share one store (the client fails over between them). Env: {ServerEnvironmentVariable}.",
        Recursive = true,
        HelpName = "url",
    };

    public static Option<string?> Token { get; } = new("--token")
    {
        Description = $"Hub token (baton_ID.SECRET). Default: the repository's own, derived from .baton/hub.key when this machine has it (from a PostgreSQL store's key when it can reach the database). Env: {TokenEnvironmentVariable}.",
        Recursive = true,
        HelpName = "token",
    };

    public static Option<string?> Store { get; } = new("--store")
    {
        Description = "The store: a SQLite file, or a PostgreSQL database (postgres://user[:password]@host:port/db, or Host=...;Database=...). "
            + $"Default: the one 'baton init --store' recorded in .baton/store, else .baton/baton.db, in this directory or a parent. Env: {StoreLocator.StoreEnvironmentVariable}.",
        Recursive = true,
        HelpName = "path|url",
    };

    public static Option<bool> Json { get; } = new("--json")
    {
        Description = "Write results as JSON (snake_case) on stdout; errors also as {\"error\": {...}}.",
        Recursive = true,
    };

    public static Option<string?> Worker() => new("--worker")
    {
        Description = $"Your worker name, stable across calls. Env: {WorkerEnvironmentVariable}.",
        HelpName = "name",
    };

    /// <summary>A duration option: <c>500ms</c>, <c>90s</c>, <c>10m</c>, <c>1h</c>, or a bare number of seconds.</summary>
    public static Option<TimeSpan?> Duration(string name, string description) => new(name)
    {
        Description = description,
        HelpName = "duration",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (Core.Time.Durations.TryParse(text, out var span))
            {
                return span;
            }
            result.AddError($"{name}: '{text}' is not a duration (use e.g. 30, 90s, 10m, 1h, 500ms)");
            return null;
        },
    };

    /// <summary>The worker from <c>--worker</c>, then <c>BATON_WORKER</c>; null when neither is set.</summary>
    public static WorkerId? ResolveWorker(ParseResult parseResult, Option<string?> option)
    {
        var name = parseResult.GetValue(option);
        if (string.IsNullOrWhiteSpace(name))
        {
            name = Environment.GetEnvironmentVariable(WorkerEnvironmentVariable);
        }
        return string.IsNullOrWhiteSpace(name) ? null : new WorkerId(name.Trim());
    }

    /// <summary>The hub URL from <c>--server</c>, then <c>BATON_SERVER</c>, with <c>http://</c> added when it names no
    /// scheme; null when neither is set. A list (<c>URL1,URL2</c>) stays a list, each entry completed.</summary>
    public static string? ResolveServer(ParseResult parseResult)
    {
        var server = parseResult.GetValue(Server);
        if (string.IsNullOrWhiteSpace(server))
        {
            server = Environment.GetEnvironmentVariable(ServerEnvironmentVariable);
        }
        return string.IsNullOrWhiteSpace(server) ? null : string.Join(',', ServerList(server));
    }

    /// <summary>The entries of a <c>--server</c> value (<c>URL1,URL2</c>), trimmed and completed with a scheme.</summary>
    public static IReadOnlyList<string> ServerList(string server)
        => server.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(WithScheme).ToList();

    /// <summary><c>localhost:7411</c> and <c>127.0.0.1:7411</c> alike mean <c>http://</c> that host and port. Without
    /// this, <c>localhost:7411</c> parses as an absolute URI whose scheme is <c>localhost</c> and reaches the hub as
    /// something it refuses (403), while <c>127.0.0.1:7411</c> is no URI at all.</summary>
    public static string WithScheme(string server)
        => server.Contains("://", StringComparison.Ordinal) ? server : "http://" + server;
}

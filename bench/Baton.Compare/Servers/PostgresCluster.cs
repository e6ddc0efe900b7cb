using System.Globalization;
using Npgsql;

namespace Baton.Compare.Servers;

/// <summary>
/// A throwaway PostgreSQL cluster: initdb into a temporary folder, postgres on 127.0.0.1 with its
/// socket in that folder. PostgreSQL refuses to run as root, so as root both run as the
/// <c>postgres</c> user (or a <c>baton-bench</c> user made for it) through setpriv, which execs in
/// place: the process the harness holds is the postmaster itself.
/// </summary>
internal sealed class PostgresCluster : IAsyncDisposable
{
    private readonly ScratchDirectory _folder;
    private readonly ServerProcess _server;

    private int _databases;

    private PostgresCluster(ScratchDirectory folder, ServerProcess server, int port)
    {
        _folder = folder;
        _server = server;
        Port = port;
        ConnectionString = ConnectionStringFor("postgres");
    }

    /// <summary>With <c>BATON_BENCH_PG_STATEMENTS=1</c>: the server loads pg_stat_statements, and the rows on PostgreSQL
    /// print their busiest statements after each run (<see cref="StatementsAsync"/>), a diagnosis for the store's
    /// authors; it costs the server a little, so figures for the docs are taken without it.</summary>
    public static bool TrackStatements { get; } = Environment.GetEnvironmentVariable("BATON_BENCH_PG_STATEMENTS") == "1";

    /// <summary>Forgets what pg_stat_statements has counted (nothing without <see cref="TrackStatements"/>).</summary>
    public async Task ResetStatementsAsync(string database, CancellationToken cancellationToken)
    {
        if (TrackStatements)
        {
            await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>The busiest statements on <paramref name="database"/> since <see cref="ResetStatementsAsync"/>, per task,
    /// as lines of text (none without <see cref="TrackStatements"/>).</summary>
    public async Task<IReadOnlyList<string>> StatementsAsync(string database, int tasks, CancellationToken cancellationToken)
    {
        if (!TrackStatements)
        {
            return [];
        }
        await using var connection = new NpgsqlConnection(ConnectionStringFor(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("""
            SELECT calls, total_exec_time, rows, regexp_replace(query, '\s+', ' ', 'g') FROM pg_stat_statements
            WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ORDER BY total_exec_time DESC LIMIT 12
            """, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var lines = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var text = reader.GetString(3);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{reader.GetInt64(0) / (double)tasks,6:F2} calls/task {reader.GetDouble(1) * 1000 / tasks,8:F1} µs/task {reader.GetInt64(2) / (double)Math.Max(1, reader.GetInt64(0)),8:F1} rows/call  {(text.Length > 220 ? text[..220] + "…" : text)}"));
        }
        return lines;
    }

    /// <summary>The port it listens on, at 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The connection string of the <c>postgres</c> database, as the superuser.</summary>
    public string ConnectionString { get; }

    /// <summary>The connection string of <paramref name="database"/>, as the superuser.</summary>
    public string ConnectionStringFor(string database) => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=30;Command Timeout=300");

    /// <summary>The <c>postgres://</c> URL of <paramref name="database"/> (what <c>baton serve --store</c> takes).</summary>
    public string UrlFor(string database) => string.Create(CultureInfo.InvariantCulture, $"postgres://postgres@127.0.0.1:{Port}/{database}");

    /// <summary>Makes a new, empty database named <paramref name="prefix"/> and a number, and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"{prefix}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken)
    {
        var bin = FindBinDirectory() ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql)");
        var folder = ScratchDirectory.Create("postgres");
        try
        {
            var prefix = await RunAsPrefixAsync(folder.Path, cancellationToken);
            var data = Path.Combine(folder.Path, "data");
            string[] initdbCommand = [.. prefix, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-instructions"];
            var initdb = await CommandRunner.RunAsync(initdbCommand[0], initdbCommand[1..], folder.Path, TimeSpan.FromMinutes(2), cancellationToken);
            if (!initdb.Succeeded)
            {
                throw new InvalidOperationException("initdb failed: " + initdb.Tail);
            }
            var port = FreePort.Next();
            string[] postgres = [Path.Combine(bin, "postgres"), "-D", data, "-k", folder.Path, "-p", port.ToString(CultureInfo.InvariantCulture),
                "-c", "listen_addresses=127.0.0.1", "-c", "synchronous_commit=on", "-c", "fsync=on",
                // Several hubs, each with a connection pool, share the server with the peer's consumers.
                "-c", "max_connections=300",
                .. TrackStatements ? new[] { "-c", "shared_preload_libraries=pg_stat_statements", "-c", "pg_stat_statements.track=all" } : []];
            string[] command = [.. prefix, .. postgres];
            var server = await ServerProcess.StartAsync("postgres", command[0], command[1..], port, "INT", cancellationToken, folder.Path);
            var cluster = new PostgresCluster(folder, server, port);
            try
            {
                await cluster.WaitUntilReadyAsync(cancellationToken);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
            return cluster;
        }
        catch
        {
            folder.Dispose();
            throw;
        }
    }

    // PostgreSQL listens before it takes sessions: until its startup is over, a connection is refused with 57P03
    // ("the database system is starting up"), which failed a round of a full run once.
    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (PostgresException starting) when (starting.SqlState == PostgresErrorCodes.CannotConnectNow && waited.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    // The newest major version under /usr/lib/postgresql/*/bin that has initdb.
    private static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }
        return Directory.GetDirectories(root)
            .Select(dir => (Dir: dir, Version: int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1))
            .Where(x => File.Exists(Path.Combine(x.Dir, "bin", "initdb")))
            .OrderByDescending(x => x.Version)
            .Select(x => Path.Combine(x.Dir, "bin"))
            .FirstOrDefault();
    }

    // Empty when not root; otherwise the setpriv prefix that runs a command as an unprivileged user
    // that owns the folder.
    private static async Task<string[]> RunAsPrefixAsync(string folder, CancellationToken cancellationToken)
    {
        if (Environment.UserName != "root")
        {
            return [];
        }
        var user = "postgres";
        if (!(await CommandRunner.RunAsync("id", [user], null, TimeSpan.FromSeconds(10), cancellationToken)).Succeeded)
        {
            user = "baton-bench";
            if (!(await CommandRunner.RunAsync("id", [user], null, TimeSpan.FromSeconds(10), cancellationToken)).Succeeded)
            {
                var add = await CommandRunner.RunAsync("useradd", ["--system", "--no-create-home", "--shell", "/usr/sbin/nologin", user],
                    null, TimeSpan.FromSeconds(30), cancellationToken);
                if (!add.Succeeded)
                {
                    throw new InvalidOperationException("useradd baton-bench failed: " + add.Tail);
                }
            }
        }
        var chown = await CommandRunner.RunAsync("chown", ["-R", user + ":", folder], null, TimeSpan.FromSeconds(30), cancellationToken);
        if (!chown.Succeeded)
        {
            throw new InvalidOperationException("chown failed: " + chown.Tail);
        }
        var setpriv = CommandRunner.Which("setpriv") ?? throw new InvalidOperationException("setpriv (util-linux) is needed to run PostgreSQL as a non-root user");
        return [setpriv, "--reuid=" + user, "--regid=" + user, "--init-groups", "--"];
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }
}

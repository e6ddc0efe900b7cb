using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Baton.Testing;

/// <summary>
/// A real PostgreSQL server for tests: <c>initdb</c> into a temporary folder, <c>postgres</c> on 127.0.0.1 at a free
/// port with its socket in that folder, stopped and deleted at the end. PostgreSQL refuses to run as root, so as root
/// both run as the <c>postgres</c> user (Debian's package makes it) through <c>setpriv</c>, which execs in place: the
/// process the test holds is the postmaster itself, so a signal to it is one to PostgreSQL. Binaries are looked for in
/// <c>/usr/lib/postgresql/*/bin</c> (Debian's <c>postgresql</c> package; <c>.ci/run</c> installs it); where they are
/// missing, <see cref="MissingReason"/> says so and the tests skip with it.
/// </summary>
/// <remarks>One server per test class or assembly is the usual use: <see cref="CreateDatabaseAsync"/> gives each test
/// a database of its own (a copy of template1, a few milliseconds). <see cref="StopAsync"/> and <see cref="StartAsync()"/>
/// stop and start the same server on the same port and data, for the tests of a database restart mid-run.</remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<string?> BinDirectory = new(FindBinDirectory);

    private readonly string _folder;
    private readonly string _data;
    private readonly string[] _runAs;
    private Process? _postmaster;
    private int _databases;

    private PostgresServer(string folder, string[] runAs, int port)
    {
        _folder = folder;
        _data = Path.Combine(folder, "data");
        _runAs = runAs;
        Port = port;
    }

    /// <summary>Why no server can start here (no binaries), or null when one can.</summary>
    public static string? MissingReason => BinDirectory.Value is null
        ? "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql): the PostgreSQL tests are skipped"
        : null;

    /// <summary>The port the server listens on (127.0.0.1), the same across <see cref="StopAsync"/> and <see cref="StartAsync()"/>.</summary>
    public int Port { get; }

    /// <summary>Whether the server is running now.</summary>
    public bool Running => _postmaster is { HasExited: false };

    /// <summary>The connection string of the <c>postgres</c> database, as the superuser (trust authentication).</summary>
    public string AdminConnectionString => ConnectionString("postgres");

    /// <summary>The Npgsql connection string of a database on this server.</summary>
    public string ConnectionString(string database) => string.Create(CultureInfo.InvariantCulture,
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=30;Command Timeout=120");

    /// <summary>The <c>postgres://</c> URL of a database on this server (what <c>--store</c> takes).</summary>
    public string Url(string database) => string.Create(CultureInfo.InvariantCulture, $"postgres://postgres@127.0.0.1:{Port}/{database}");

    /// <summary>Makes a cluster and starts its server. <paramref name="fsync"/>: false for tests that do not cut the power
    /// (a clean stop and a kill of the server both keep every commit without it; it spares the CI's disk).</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL is missing (<see cref="MissingReason"/>) or did not start.</exception>
    public static async Task<PostgresServer> StartNewAsync(bool fsync, CancellationToken cancellationToken)
    {
        var bin = BinDirectory.Value ?? throw new InvalidOperationException(MissingReason);
        var folder = Directory.CreateTempSubdirectory("baton-pg-").FullName;
        try
        {
            var runAs = await RunAsPrefixAsync(folder, cancellationToken);
            var data = Path.Combine(folder, "data");
            await RunAsync([.. runAs, Path.Combine(bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync",
                "--no-instructions"], cancellationToken);
            var settings = string.Join('\n',
                "listen_addresses = '127.0.0.1'",
                "unix_socket_directories = '" + folder + "'",
                "max_connections = 200",
                "shared_buffers = 64MB",
                "fsync = " + (fsync ? "on" : "off"),
                "synchronous_commit = on",
                "log_min_messages = warning",
                "");
            await File.AppendAllTextAsync(Path.Combine(data, "postgresql.conf"), settings, cancellationToken);
            var server = new PostgresServer(folder, runAs, FreePort());
            await server.StartAsync(cancellationToken);
            return server;
        }
        catch
        {
            TryDelete(folder);
            throw;
        }
    }

    /// <summary>Starts the server again after <see cref="StopAsync"/> (same port, same data).</summary>
    public Task StartAsync() => StartAsync(CancellationToken.None);

    /// <summary>Starts the server (same port, same data) and waits until it takes sessions.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (Running)
        {
            return;
        }
        var bin = BinDirectory.Value!;
        string[] command = [.. _runAs, Path.Combine(bin, "postgres"), "-D", _data, "-p", Port.ToString(CultureInfo.InvariantCulture)];
        var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in command[1..])
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("postgres did not start");
        var log = new System.Text.StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _postmaster = process;
        var waited = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                lock (log)
                {
                    throw new InvalidOperationException($"postgres exited with {process.ExitCode} at start: {log}");
                }
            }
            try
            {
                await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or PostgresException && waited.Elapsed < TimeSpan.FromMinutes(1))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    /// <summary>Stops the server cleanly ("fast": open sessions are ended, every commit kept) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_postmaster is not { } process)
        {
            return;
        }
        if (!process.HasExited)
        {
            // SIGINT is PostgreSQL's fast shutdown.
            await RunAsync(["kill", "-INT", process.Id.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
            using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            await process.WaitForExitAsync(deadline.Token);
        }
        process.Dispose();
        _postmaster = null;
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Makes a new, empty database and returns its name.</summary>
    /// <summary>Runs <paramref name="sql"/> on <paramref name="database"/> as the administrator, on a connection of its
    /// own (beside the store's), and returns the first column of the first row (null when none).</summary>
    public async Task<object?> ScalarAsync(string database, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"baton_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}");
        await using var connection = new NpgsqlConnection(AdminConnectionString + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        return name;
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_postmaster is { HasExited: false } process)
        {
            await RunAsync(["kill", "-QUIT", process.Id.ToString(CultureInfo.InvariantCulture)], CancellationToken.None);
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        _postmaster?.Dispose();
        _postmaster = null;
        TryDelete(_folder);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is not worth failing a test for.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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

    // Empty when not root; otherwise setpriv as the postgres user, who is given the folder.
    private static async Task<string[]> RunAsPrefixAsync(string folder, CancellationToken cancellationToken)
    {
        if (!string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            return [];
        }
        await RunAsync(["chown", "-R", "postgres:", folder], cancellationToken);
        return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"];
    }

    private static async Task RunAsync(string[] command, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(command[0]) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in command[1..])
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{command[0]} did not start");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', command)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }
}

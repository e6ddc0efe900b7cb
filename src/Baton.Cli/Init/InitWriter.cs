using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Baton.Cli.Infrastructure;
using Baton.Hub.Stores;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Init;

/// <summary>
/// Sets a repository up for Baton: the store and each agent's instruction pack. Idempotent: a file whose content
/// is already right is not written again (its mtime stays), and a file the user edited since Baton wrote it is left
/// alone unless forced. "Edited" means it differs from the hash Baton recorded in <c>.baton/init.json</c> when it
/// last wrote it. In JSON configuration files only Baton's own entry is Baton's. With <c>check</c> nothing is
/// written: each file is reported ok, missing, stale or edited.
/// </summary>
internal sealed partial class InitWriter(string root, bool force, AgentKind agents, bool check, string? chosenStore)
{
    private const string ManifestName = "init.json";

    /// <summary><c>.baton/.gitignore</c>: the store, its journals and what <c>baton run</c> and the hooks keep are local state.</summary>
    public const string GitIgnore = """
        # written by baton init: the store and its journals are local state
        *.db
        *.db-wal
        *.db-shm
        *.db-journal
        *.db.hub.*
        store
        hub.key
        tokens.json*
        worktrees/
        tasks/
        logs/
        bin/
        hooks/

        """;

    private readonly List<InitFileOutcome> _outcomes = [];
    private InitManifest _manifest = new();

    public static Task<InitOutput> RunAsync(string root, bool force, CancellationToken cancellationToken)
        => RunAsync(root, force, AgentKind.None, check: false, null, cancellationToken);

    /// <summary><paramref name="agents"/> None: the agents of the last init (from the manifest), else the default set.
    /// <paramref name="store"/>: the store <c>--store</c> (or <c>BATON_STORE</c>) named, as given: a PostgreSQL database
    /// (its tables made) or a file elsewhere (made), recorded in <c>.baton/store</c>; null: the one recorded there
    /// before, else <c>.baton/baton.db</c>. A database that cannot be used throws <see cref="StoreOpenException"/>
    /// before anything is written.</summary>
    public static Task<InitOutput> RunAsync(string root, bool force, AgentKind agents, bool check, string? store, CancellationToken cancellationToken)
        => new InitWriter(Path.GetFullPath(root), force, agents, check, store).RunAsync(cancellationToken);

    private async Task<InitOutput> RunAsync(CancellationToken cancellationToken)
    {
        var batonDir = Path.Combine(root, StoreLocator.DirectoryName);
        var manifestPath = Path.Combine(batonDir, ManifestName);
        var manifestText = File.Exists(manifestPath) ? await File.ReadAllTextAsync(manifestPath, cancellationToken) : null;
        _manifest = manifestText is null ? new() : JsonSerializer.Deserialize(manifestText, CliJsonContext.Default.InitManifest) ?? new();
        var chosen = agents != AgentKind.None ? agents
            : _manifest.Agents is { Count: > 0 } previous ? AgentKinds.Parse(previous)
            : AgentKind.Default;

        var store = await EnsureStoreAsync(batonDir, cancellationToken);
        await WriteManagedAsync($"{StoreLocator.DirectoryName}/.gitignore", GitIgnore, cancellationToken);
        if (chosen.HasFlag(AgentKind.Cursor))
        {
            await WriteManagedAsync(AgentInstructions.CoordinatorRulePath, AgentInstructions.CoordinatorRule, cancellationToken);
            await WriteManagedAsync(AgentInstructions.WorkerRulePath, AgentInstructions.WorkerRule, cancellationToken);
            await WriteJsonEntryAsync(cancellationToken, JsonEntry.McpServer(".cursor/mcp.json"));
            await WriteJsonEntryAsync(cancellationToken, JsonEntry.CursorStopHook(".cursor/hooks.json"));
        }
        if (chosen.HasFlag(AgentKind.Codex))
        {
            await WriteSectionAsync(AgentInstructions.AgentsMdPath, AgentInstructions.AgentsSection, "# Agents\n\n", cancellationToken);
            await WriteTomlTableAsync(AgentInstructions.CodexConfigPath, AgentInstructions.CodexMcpTable, AgentInstructions.CodexMcpValues, "the baton MCP server", cancellationToken);
            await WriteJsonEntryAsync(cancellationToken, JsonEntry.CodexStopHook(AgentInstructions.CodexHooksPath));
        }
        if (chosen.HasFlag(AgentKind.Claude))
        {
            await WriteSectionAsync(ClaudeInstructions.ClaudeMdPath, ClaudeInstructions.Section, "# CLAUDE.md\n\n", cancellationToken);
            await WriteJsonEntryAsync(cancellationToken, JsonEntry.McpServer(ClaudeInstructions.McpPath));
            await WriteManagedAsync(ClaudeInstructions.WorkCommandPath, ClaudeInstructions.WorkCommand, cancellationToken);
            await WriteJsonEntryAsync(cancellationToken,
                JsonEntry.ClaudeStopHook(ClaudeInstructions.SettingsPath), JsonEntry.ClaudeStopHookBlockCap(ClaudeInstructions.SettingsPath));
        }

        if (!check)
        {
            var known = new HashSet<string>(_manifest.Agents ?? [], StringComparer.Ordinal);
            known.UnionWith(AgentKinds.ToNames(chosen));
            _manifest = _manifest with { Agents = [.. AgentKinds.Names.Where(known.Contains)] };
            var newManifest = JsonSerializer.Serialize(_manifest, CliJsonContext.Default.InitManifest) + "\n";
            if (newManifest != manifestText)
            {
                await File.WriteAllTextAsync(manifestPath, newManifest, cancellationToken);
            }
        }
        return new InitOutput { Root = root, Store = store, Agents = AgentKinds.ToNames(chosen), Files = _outcomes };
    }

    // The store first, so that a database that cannot be used leaves everything as it was. Returns where it is.
    private async Task<string> EnsureStoreAsync(string batonDir, CancellationToken cancellationToken)
    {
        var defaultPath = Path.Combine(batonDir, StoreLocator.DatabaseName);
        var text = chosenStore ?? StorePointer.TryRead(batonDir);
        if (text is null)
        {
            await EnsureFileStoreAsync(defaultPath, cancellationToken);
            return defaultPath;
        }
        var parsed = StoreTarget.Parse(text, root, chosenStore is null ? StorePointer.PathIn(batonDir) : "--store");
        if (!parsed.IsOk)
        {
            throw new StoreOpenException(parsed.Error.Code, parsed.Error.Message, null);
        }
        var target = parsed.Value;
        if (target.FilePath is { } file)
        {
            await EnsureFileStoreAsync(file, cancellationToken);
            if (file != defaultPath)
            {
                RecordPointer(batonDir, file);
            }
            return file;
        }
        if (!check)
        {
            var options = new StoreOpenOptions { CreateIfMissing = true, RepositoryRoot = root };
            await using (await StoreOpener.OpenAsync(target, options, cancellationToken))
            {
                _outcomes.Add(new(target.Display, "ready", "the PostgreSQL store's tables"));
            }
        }
        RecordPointer(batonDir, text.Trim());
        return target.Display;
    }

    // .baton/store: owner-only, as it may hold the database's password; shown by its path only.
    private void RecordPointer(string batonDir, string text)
    {
        var path = StorePointer.PathIn(batonDir);
        var before = StorePointer.TryRead(batonDir);
        if (before == text)
        {
            Record(path, "unchanged");
            return;
        }
        if (!check)
        {
            StorePointer.Write(batonDir, text);
        }
        Record(path, before is null ? "created" : "updated", "the store later verbs use (owner-only)");
    }

    private async Task EnsureFileStoreAsync(string storePath, CancellationToken cancellationToken)
    {
        var existed = File.Exists(storePath);
        if (check || existed)
        {
            Record(storePath, existed ? "unchanged" : "created");
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(storePath)!);
        var options = new SqliteStoreOptions { DatabasePath = storePath, RepositoryRoot = root, CreateIfMissing = true, WatchForChanges = false };
        await using (await SqliteStore.OpenAsync(options, cancellationToken))
        {
            Record(storePath, "created");
        }
    }

    private async Task WriteManagedAsync(string relative, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, relative);
        if (!File.Exists(path))
        {
            await WriteAsync(path, relative, content, "created", null, cancellationToken);
            return;
        }
        var existing = await File.ReadAllTextAsync(path, cancellationToken);
        var written = _manifest.Written.GetValueOrDefault(relative);
        if (existing == content)
        {
            _manifest.Written[relative] = Hash(content);
            Record(path, "unchanged");
        }
        else if (written == Hash(existing))
        {
            await WriteAsync(path, relative, content, "updated", null, cancellationToken);
        }
        else if (force)
        {
            await WriteAsync(path, relative, content, "overwritten", null, cancellationToken);
        }
        else
        {
            // Edited by the user. Stale as well when Baton's text moved on since it last wrote the file.
            Record(path, "kept", "edited since baton wrote it; --force-rules replaces it", stale: written is not null && written != Hash(content));
        }
    }

    private async Task WriteAsync(string path, string key, string content, string action, string? note, CancellationToken cancellationToken)
    {
        if (!check)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, cancellationToken);
            _manifest.Written[key] = Hash(content);
        }
        Record(path, action, note);
    }

    /// <summary>Writes down what happened; under <c>--check</c> as what init would have to do.</summary>
    private void Record(string path, string action, string? note = null, bool stale = false)
    {
        var relative = Relative(path);
        if (check)
        {
            (action, note) = action switch
            {
                "created" => ("missing", note),
                "updated" or "overwritten" => ("stale", note ?? "baton has newer text; run baton init"),
                "kept" when stale => ("stale", "edited, and baton has newer text; baton init --force-rules replaces it"),
                "kept" => ("edited", note),
                _ => ("ok", null),
            };
        }
        _outcomes.Add(new(relative, action, note));
    }

    private string Relative(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

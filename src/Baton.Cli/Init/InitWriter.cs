using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Baton.Cli.Infrastructure;
using Baton.Storage.Sqlite;

namespace Baton.Cli.Init;

/// <summary>
/// Sets a repository up for Baton. Idempotent: a file whose content is already right is not written again
/// (its mtime stays), and a file the user edited since Baton wrote it is left alone unless forced. "Edited"
/// means it differs from the hash Baton recorded in <c>.baton/init.json</c> when it last wrote it.
/// </summary>
internal sealed class InitWriter(string root, bool force)
{
    private const string ManifestName = "init.json";
    private const string SectionKey = AgentInstructions.AgentsMdPath + "#baton";

    /// <summary><c>.baton/.gitignore</c>: the store, its journals and what <c>baton run</c> and the hooks keep are local state.</summary>
    public const string GitIgnore = """
        # written by baton init: the store and its journals are local state
        *.db
        *.db-wal
        *.db-shm
        *.db-journal
        worktrees/
        tasks/
        logs/
        bin/
        hooks/

        """;

    private readonly List<InitFileOutcome> _outcomes = [];
    private InitManifest _manifest = new();

    public static Task<InitOutput> RunAsync(string root, bool force, CancellationToken cancellationToken)
        => new InitWriter(Path.GetFullPath(root), force).RunAsync(cancellationToken);

    private async Task<InitOutput> RunAsync(CancellationToken cancellationToken)
    {
        var batonDir = Path.Combine(root, StoreLocator.DirectoryName);
        Directory.CreateDirectory(batonDir);
        var manifestPath = Path.Combine(batonDir, ManifestName);
        var manifestText = File.Exists(manifestPath) ? await File.ReadAllTextAsync(manifestPath, cancellationToken) : null;
        _manifest = manifestText is null ? new() : JsonSerializer.Deserialize(manifestText, CliJsonContext.Default.InitManifest) ?? new();

        var storePath = Path.Combine(batonDir, StoreLocator.DatabaseName);
        var storeExisted = File.Exists(storePath);
        var options = new SqliteStoreOptions { DatabasePath = storePath, RepositoryRoot = root, CreateIfMissing = true, WatchForChanges = false };
        await using (await SqliteStore.OpenAsync(options, cancellationToken))
        {
            _outcomes.Add(new(Relative(storePath), storeExisted ? "unchanged" : "created"));
        }

        await WriteManagedAsync($"{StoreLocator.DirectoryName}/.gitignore", GitIgnore, cancellationToken);
        await WriteManagedAsync(AgentInstructions.CoordinatorRulePath, AgentInstructions.CoordinatorRule, cancellationToken);
        await WriteManagedAsync(AgentInstructions.WorkerRulePath, AgentInstructions.WorkerRule, cancellationToken);
        await WriteAgentsSectionAsync(cancellationToken);

        var newManifest = JsonSerializer.Serialize(_manifest, CliJsonContext.Default.InitManifest) + "\n";
        if (newManifest != manifestText)
        {
            await File.WriteAllTextAsync(manifestPath, newManifest, cancellationToken);
        }
        return new InitOutput { Root = root, Store = storePath, Files = _outcomes };
    }

    private async Task WriteManagedAsync(string relative, string content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, relative);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await WriteAsync(path, relative, content, "created", cancellationToken);
            return;
        }
        var existing = await File.ReadAllTextAsync(path, cancellationToken);
        if (existing == content)
        {
            _manifest.Written[relative] = Hash(content);
            _outcomes.Add(new(relative, "unchanged"));
        }
        else if (_manifest.Written.TryGetValue(relative, out var written) && written == Hash(existing))
        {
            await WriteAsync(path, relative, content, "updated", cancellationToken);
        }
        else if (force)
        {
            await WriteAsync(path, relative, content, "overwritten", cancellationToken);
        }
        else
        {
            _outcomes.Add(new(relative, "kept", "edited since baton wrote it; --force-rules replaces it"));
        }
    }

    private async Task WriteAsync(string path, string key, string content, string action, CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(path, content, cancellationToken);
        _manifest.Written[key] = Hash(content);
        _outcomes.Add(new(Relative(path), action));
    }

    /// <summary>Only the text between the markers is Baton's; everything else in AGENTS.md is the user's.</summary>
    private async Task WriteAgentsSectionAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, AgentInstructions.AgentsMdPath);
        var section = AgentInstructions.AgentsSection;
        if (!File.Exists(path))
        {
            await File.WriteAllTextAsync(path, "# Agents\n\n" + section + "\n", cancellationToken);
            Record("created");
            return;
        }
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var begin = text.IndexOf(AgentInstructions.SectionBegin, StringComparison.Ordinal);
        var end = begin < 0 ? -1 : text.IndexOf(AgentInstructions.SectionEnd, begin, StringComparison.Ordinal);
        if (begin < 0 || end < 0)
        {
            var separator = text.Length == 0 ? "" : text.EndsWith('\n') ? "\n" : "\n\n";
            await File.WriteAllTextAsync(path, text + separator + section + "\n", cancellationToken);
            Record("updated", "Baton section added");
            return;
        }
        end += AgentInstructions.SectionEnd.Length;
        var current = text[begin..end];
        if (current == section)
        {
            Record("unchanged");
        }
        else if (force || (_manifest.Written.TryGetValue(SectionKey, out var written) && written == Hash(current)))
        {
            await File.WriteAllTextAsync(path, string.Concat(text.AsSpan(0, begin), section, text.AsSpan(end)), cancellationToken);
            Record(force ? "overwritten" : "updated", "Baton section replaced");
        }
        else
        {
            _outcomes.Add(new(AgentInstructions.AgentsMdPath, "kept", "the Baton section was edited; --force-rules replaces it"));
        }

        void Record(string action, string? note = null)
        {
            _manifest.Written[SectionKey] = Hash(section);
            _outcomes.Add(new(AgentInstructions.AgentsMdPath, action, note));
        }
    }

    private string Relative(string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string Hash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

using System.Text.Json;
using System.Text.Json.Nodes;

namespace Baton.Cli.Init;

internal sealed partial class InitWriter
{
    /// <summary>Only the text between the markers is Baton's; everything else in the file is the user's.</summary>
    private async Task WriteSectionAsync(string relative, string section, string newFileHeader, CancellationToken cancellationToken)
    {
        var key = relative + "#baton";
        var path = Path.Combine(root, relative);
        if (!File.Exists(path))
        {
            await WriteTextAsync(newFileHeader + section + "\n", "created", null);
            return;
        }
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        var begin = text.IndexOf(AgentInstructions.SectionBegin, StringComparison.Ordinal);
        var end = begin < 0 ? -1 : text.IndexOf(AgentInstructions.SectionEnd, begin, StringComparison.Ordinal);
        if (begin < 0 || end < 0)
        {
            var separator = text.Length == 0 ? "" : text.EndsWith('\n') ? "\n" : "\n\n";
            await WriteTextAsync(text + separator + section + "\n", check ? "created" : "updated", check ? "no Baton section" : "Baton section added");
            return;
        }
        end += AgentInstructions.SectionEnd.Length;
        var current = text[begin..end];
        var written = _manifest.Written.GetValueOrDefault(key);
        if (current == section)
        {
            _manifest.Written[key] = Hash(section);
            Record(path, "unchanged");
        }
        else if (force || written == Hash(current))
        {
            await WriteTextAsync(string.Concat(text.AsSpan(0, begin), section, text.AsSpan(end)), force ? "overwritten" : "updated", "Baton section replaced");
        }
        else
        {
            Record(path, "kept", "the Baton section was edited; --force-rules replaces it", stale: written is not null && written != Hash(section));
        }

        async Task WriteTextAsync(string content, string action, string? note)
        {
            if (!check)
            {
                await File.WriteAllTextAsync(path, content, cancellationToken);
                _manifest.Written[key] = Hash(section);
            }
            Record(path, action, note);
        }
    }

    /// <summary>Adds Baton's entries to an agent's JSON configuration (all in the same file), keeping every other
    /// entry (and the user's version of Baton's) as it is.</summary>
    private async Task WriteJsonEntryAsync(CancellationToken cancellationToken, params JsonEntry[] entries)
    {
        var path = Path.Combine(root, entries[0].Path);
        var what = string.Join(" and ", entries.Select(e => e.What));
        var exists = File.Exists(path);
        JsonObject rootObject;
        string? original = null;
        if (!exists)
        {
            rootObject = [];
        }
        else
        {
            var text = await File.ReadAllTextAsync(path, cancellationToken);
            original = text;
            try
            {
                rootObject = JsonNode.Parse(text.Length == 0 ? "{}" : text, documentOptions: new JsonDocumentOptions
                {
                    CommentHandling = JsonCommentHandling.Skip,
                    AllowTrailingCommas = true,
                }) as JsonObject ?? throw new JsonException("the top level is not an object");
            }
            catch (JsonException ex)
            {
                Record(path, "kept", $"not valid JSON ({ex.Message}); add {what} by hand", stale: true);
                return;
            }
        }
        var states = entries.Select(e => (Entry: e, State: e.Find(rootObject))).ToList();
        var customized = string.Join(" and ", states.Where(s => s.State == JsonEntryState.Customized).Select(s => s.Entry.What));
        var missing = states.Where(s => s.State == JsonEntryState.Missing).Select(s => s.Entry).ToList();
        if (missing.Count == 0)
        {
            if (customized.Length == 0)
            {
                Record(path, "unchanged");
            }
            else
            {
                Record(path, "kept", $"{customized} was changed by you");
            }
            return;
        }
        foreach (var entry in missing)
        {
            entry.Add(rootObject);
        }
        if (!check)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // A file with comments (JSONC, as Claude Code and Cursor accept) keeps them: it is copied token by token.
            var content = original is not null && JsoncMerge.HasComments(original) ? JsoncMerge.Write(original, rootObject) : Indented(rootObject);
            await File.WriteAllTextAsync(path, content, cancellationToken);
        }
        // Under --check an existing file without Baton's entry reads as missing (the entry is), not stale.
        var added = string.Join(" and ", missing.Select(e => e.What));
        Record(path, exists && !check ? "updated" : "created", exists ? $"{added} {(check ? "is missing" : "added")}" : null);
    }

    /// <summary>Adds Baton's table to a TOML configuration (Codex <c>.codex/config.toml</c>) as text appended at the
    /// end, keeping the rest of the file byte for byte; a table already there (Baton's or the user's version) is kept.</summary>
    private async Task WriteTomlTableAsync(string relative, IReadOnlyList<string> table, IReadOnlyDictionary<string, string> values, string what, CancellationToken cancellationToken)
    {
        var path = Path.Combine(root, relative);
        var exists = File.Exists(path);
        var text = exists ? await File.ReadAllTextAsync(path, cancellationToken) : "";
        switch (TomlTableMerge.Find(text, table, values, out var blocked))
        {
            case JsonEntryState.Current:
                Record(path, "unchanged");
                return;
            case JsonEntryState.Customized:
                Record(path, "kept", $"{what} was changed by you");
                return;
        }
        if (blocked)
        {
            Record(path, "kept", $"{string.Join('.', table.SkipLast(1))} is not a [table] here; add {what} by hand", stale: true);
            return;
        }
        if (!check)
        {
            var block = $"[{string.Join('.', table)}]\n" + string.Concat(values.Select(v => $"{v.Key} = {v.Value}\n"));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, TomlTableMerge.Append(text, block), cancellationToken);
        }
        Record(path, exists && !check ? "updated" : "created", exists ? $"{what} {(check ? "is missing" : "added")}" : null);
    }

    private static string Indented(JsonNode node)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, IndentSize = 2 }))
        {
            node.WriteTo(writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

namespace Baton.Cli.Init;

/// <summary>
/// Finds one table (such as <c>[mcp_servers.baton]</c>) in a TOML file read as text, to add it when it is missing
/// without touching anything else: the file is never parsed into a model and written back, so comments, order and
/// formatting stay as the user wrote them. The scan knows just enough TOML to be right about where a name is
/// defined: table headers (<c>[a.b]</c>, <c>[[a.b]]</c>, quoted parts), dotted keys (<c>a.b.c = 1</c>, also under a
/// table), comments, and strings (basic, literal and multi-line, so a header inside a string is not one).
/// </summary>
internal static class TomlTableMerge
{
    /// <summary>Where the table <paramref name="path"/> stands in <paramref name="text"/>.</summary>
    /// <param name="text">The whole file.</param>
    /// <param name="path">The table's name, part by part: <c>["mcp_servers", "baton"]</c>.</param>
    /// <param name="expected">Baton's keys and their values as TOML text.</param>
    /// <returns><see cref="JsonEntryState.Missing"/> when nothing defines it (nor its parent as a plain value, see
    /// <paramref name="blocked"/>); <see cref="JsonEntryState.Current"/> when it is a <c>[header]</c> table holding
    /// exactly <paramref name="expected"/> (values compared without the spaces outside strings) and no sub-tables;
    /// otherwise <see cref="JsonEntryState.Customized"/>.</returns>
    /// <param name="blocked">True when a parent of the table is defined as a value (<c>mcp_servers = {...}</c>): a
    /// table cannot be added after it, the user must add it by hand.</param>
    public static JsonEntryState Find(string text, IReadOnlyList<string> path, IReadOnlyDictionary<string, string> expected, out bool blocked)
    {
        blocked = false;
        var found = false;
        var headerTable = false;
        var other = false;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string> table = [];
        foreach (var line in LogicalLines(text))
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith('['))
            {
                var array = trimmed.StartsWith("[[", StringComparison.Ordinal);
                var close = array ? trimmed.IndexOf("]]", StringComparison.Ordinal) : trimmed.IndexOf(']');
                table = close < 0 ? [] : SplitKey(trimmed[(array ? 2 : 1)..close]);
                if (StartsWith(table, path))
                {
                    found = true;
                    if (table.Count == path.Count && !array)
                    {
                        headerTable = true;
                    }
                    else
                    {
                        other = true;
                    }
                }
                else if (StartsWith(path, table) && array)
                {
                    // [[mcp_servers]]: the parent is an array of tables; a [mcp_servers.baton] header would be wrong.
                    blocked = true;
                }
                continue;
            }
            var equals = KeyEnd(trimmed);
            if (equals <= 0)
            {
                continue;
            }
            var key = table.Concat(SplitKey(trimmed[..equals])).ToList();
            var value = trimmed[(equals + 1)..];
            if (StartsWith(key, path))
            {
                found = true;
                if (table.Count == path.Count && key.Count == path.Count + 1 && headerTable)
                {
                    values[key[^1]] = Compact(value);
                }
                else
                {
                    other = true;
                }
            }
            else if (StartsWith(path, key))
            {
                // mcp_servers = { baton = {...} } or mcp_servers = {...} without it: an inline table is closed.
                blocked = true;
                if (value.Contains(path[^1], StringComparison.Ordinal))
                {
                    found = true;
                    other = true;
                }
            }
        }
        if (!found)
        {
            return JsonEntryState.Missing;
        }
        blocked = false;
        var current = headerTable && !other && values.Count == expected.Count
            && expected.All(e => values.TryGetValue(e.Key, out var v) && v == Compact(e.Value));
        return current ? JsonEntryState.Current : JsonEntryState.Customized;
    }

    /// <summary><paramref name="text"/> with <paramref name="table"/> (a header line and its keys) appended at the end,
    /// after one blank line; nothing before it changes.</summary>
    public static string Append(string text, string table)
    {
        var separator = text.Length == 0 ? "" : text.EndsWith("\n\n", StringComparison.Ordinal) ? "" : text.EndsWith('\n') ? "\n" : "\n\n";
        return text + separator + table;
    }

    private static bool StartsWith(IReadOnlyList<string> whole, IReadOnlyList<string> prefix)
        => whole.Count >= prefix.Count && prefix.Select((p, i) => whole[i] == p).All(x => x);

    /// <summary>The file's lines with comments removed and a multi-line string or array folded into the line that
    /// opened it, so every returned line is a header, a key = value, or blank.</summary>
    private static IEnumerable<string> LogicalLines(string text)
    {
        var current = new System.Text.StringBuilder();
        var depth = 0;
        string? multi = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (multi is not null)
            {
                if (string.CompareOrdinal(text, i, multi, 0, 3) == 0)
                {
                    current.Append(multi);
                    i += 3;
                    multi = null;
                    continue;
                }
                if (c == '\\' && multi == "\"\"\"" && i + 1 < text.Length)
                {
                    current.Append(c).Append(text[i + 1]);
                    i += 2;
                    continue;
                }
                current.Append(c == '\n' ? ' ' : c);
                i++;
                continue;
            }
            if (c is '"' or '\'')
            {
                var triple = new string(c, 3);
                if (string.CompareOrdinal(text, i, triple, 0, 3) == 0)
                {
                    multi = triple;
                    current.Append(triple);
                    i += 3;
                    continue;
                }
                // A one-line string: copy it through its closing quote (or the line's end).
                current.Append(c);
                i++;
                while (i < text.Length && text[i] != c && text[i] != '\n')
                {
                    if (c == '"' && text[i] == '\\' && i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        current.Append(text[i]);
                        i++;
                    }
                    current.Append(text[i]);
                    i++;
                }
                if (i < text.Length && text[i] == c)
                {
                    current.Append(c);
                    i++;
                }
                continue;
            }
            if (c == '#')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (c == '\n')
            {
                if (depth == 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
                else
                {
                    current.Append(' ');
                }
                i++;
                continue;
            }
            // Brackets inside a value (arrays, inline tables) may span lines; a header's brackets close on its line.
            if (c is '[' or '{' && current.ToString().Contains('=', StringComparison.Ordinal))
            {
                depth++;
            }
            else if (c is ']' or '}' && depth > 0)
            {
                depth--;
            }
            current.Append(c);
            i++;
        }
        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    /// <summary>The index of the <c>=</c> that ends the key of a key = value line, or -1.</summary>
    private static int KeyEnd(string line)
    {
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '=')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary><c>a."b.c" . 'd'</c> -> [a, b.c, d].</summary>
    private static List<string> SplitKey(string key)
    {
        var parts = new List<string>();
        var part = new System.Text.StringBuilder();
        char? quote = null;
        foreach (var c in key)
        {
            if (quote is not null)
            {
                if (c == quote)
                {
                    quote = null;
                }
                else
                {
                    part.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '.')
            {
                parts.Add(part.ToString());
                part.Clear();
            }
            else if (!char.IsWhiteSpace(c))
            {
                part.Append(c);
            }
        }
        parts.Add(part.ToString());
        return parts;
    }

    /// <summary>A value with the spaces outside its strings removed and single quotes read as double: <c>[ 'mcp' ]</c>
    /// and <c>["mcp"]</c> compare equal.</summary>
    private static string Compact(string value)
    {
        var result = new System.Text.StringBuilder();
        char? quote = null;
        foreach (var c in value)
        {
            if (quote is not null)
            {
                result.Append(c == quote ? '"' : c);
                if (c == quote)
                {
                    quote = null;
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                result.Append('"');
            }
            else if (!char.IsWhiteSpace(c))
            {
                result.Append(c);
            }
        }
        return result.ToString();
    }
}

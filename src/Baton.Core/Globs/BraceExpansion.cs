namespace Baton.Core.Globs;

/// <summary>
/// Expands <c>{a,b}</c> alternation (nested groups too) into plain globs. A <c>{</c> without a matching
/// <c>}</c>, or a group without a comma, is literal text, as in a shell.
/// </summary>
internal static class BraceExpansion
{
    /// <summary>The most alternatives one glob may expand to.</summary>
    public const int MaxAlternatives = 256;

    /// <summary>True when <paramref name="glob"/> has a group to expand.</summary>
    public static bool HasGroup(string glob) => glob.Contains('{', StringComparison.Ordinal) && FindGroup(glob, 0, out _, out _);

    /// <summary>Adds every expansion of <paramref name="glob"/> to <paramref name="output"/>;
    /// false when there are more than <see cref="MaxAlternatives"/>.</summary>
    public static bool TryExpand(string glob, List<string> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Expand(glob, 0, output);
    }

    private static bool Expand(string glob, int from, List<string> output)
    {
        if (!FindGroup(glob, from, out var open, out var close))
        {
            if (output.Count >= MaxAlternatives)
            {
                return false;
            }
            output.Add(glob);
            return true;
        }
        var prefix = glob[..open];
        var suffix = glob[(close + 1)..];
        var start = open + 1;
        var depth = 0;
        for (var k = open + 1; k <= close; k++)
        {
            var c = glob[k];
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if ((c == ',' && depth == 0) || k == close)
            {
                // Nested groups inside the alternative are expanded when the result is scanned from `open`.
                if (!Expand(string.Concat(prefix, glob.AsSpan(start, k - start), suffix), open, output))
                {
                    return false;
                }
                start = k + 1;
            }
        }
        return true;
    }

    // The first '{' at or after `from` that has a matching '}' and a top-level ',' between them.
    private static bool FindGroup(string glob, int from, out int open, out int close)
    {
        for (var k = glob.IndexOf('{', from); k >= 0; k = glob.IndexOf('{', k + 1))
        {
            var depth = 0;
            var sawComma = false;
            for (var j = k + 1; j < glob.Length; j++)
            {
                var c = glob[j];
                if (c == '{')
                {
                    depth++;
                }
                else if (c == ',' && depth == 0)
                {
                    sawComma = true;
                }
                else if (c == '}')
                {
                    if (depth == 0)
                    {
                        if (sawComma)
                        {
                            open = k;
                            close = j;
                            return true;
                        }
                        break;
                    }
                    depth--;
                }
            }
        }
        open = -1;
        close = -1;
        return false;
    }
}

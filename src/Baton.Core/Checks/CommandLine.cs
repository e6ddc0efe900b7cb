using System.Text;

namespace Baton.Core.Checks;

/// <summary>
/// Splits a command string into argv the simple way a plan author expects: white space separates arguments,
/// double quotes group (<c>"a b"</c> is one argument), and inside quotes <c>\"</c> and <c>\\</c> stand for
/// <c>"</c> and <c>\</c>. No variables, globs, pipes or single quotes: ask for <c>"shell": true</c> for those.
/// </summary>
public static class CommandLine
{
    /// <summary>The arguments of <paramref name="text"/>, or false with a problem (an unclosed quote, nothing to run).</summary>
    public static bool TrySplit(string text, out IReadOnlyList<string> arguments, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<string>();
        var current = new StringBuilder();
        var inArgument = false;
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '\\' && i + 1 < text.Length && text[i + 1] is '"' or '\\')
                {
                    current.Append(text[++i]);
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inArgument)
                {
                    list.Add(current.ToString());
                    current.Clear();
                    inArgument = false;
                }
            }
            else
            {
                inArgument = true;
                if (c == '"')
                {
                    quoted = true;
                }
                else
                {
                    current.Append(c);
                }
            }
        }
        if (inArgument)
        {
            list.Add(current.ToString());
        }
        arguments = list;
        problem = quoted ? "has an unclosed double quote"
            : list.Count == 0 || list[0].Length == 0 ? "names no program to run"
            : null;
        return problem is null;
    }

    /// <summary>Arguments joined into one line, each quoted when it is empty or has white space or a quote.</summary>
    public static string Join(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return string.Join(' ', arguments.Select(Quote));
    }

    private static string Quote(string argument)
        => argument.Length > 0 && !argument.Any(c => char.IsWhiteSpace(c) || c is '"' or '\\')
            ? argument
            : "\"" + argument.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

using System.Buffers;
using System.Globalization;
using System.Text;

namespace Baton.Cli.Rendering;

/// <summary>
/// Makes text from plans, reports and commands safe to print: every control character (C0, DEL, C1) except newline
/// and tab is written as <c>\uXXXX</c>, so a title holding <c>ESC [ 2 J</c> shows as <c>\u001b[2J</c> instead of
/// clearing the screen, and a carriage return cannot overwrite a line. A CR right before a LF is kept (a line end).
/// Every human-readable sink (<c>Output.Line</c>, <c>Output.Note</c>, errors, the status view) passes its text here;
/// JSON output escapes control characters itself.
/// </summary>
internal static class TerminalText
{
    private static readonly SearchValues<char> Unsafe = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Where(c => c is not '\n' and not '\t').Select(c => (char)c), .. Enumerable.Range(0x7F, 0x21).Select(c => (char)c)]);

    /// <summary><paramref name="text"/> with its control characters escaped; the same instance when it has none.</summary>
    public static string Escape(string? text)
    {
        if (text is null)
        {
            return "";
        }
        var first = text.AsSpan().IndexOfAny(Unsafe);
        if (first < 0)
        {
            return text;
        }
        var builder = new StringBuilder(text.Length + 16).Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (!Unsafe.Contains(c) || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
        }
        return builder.ToString();
    }

    /// <summary><see cref="Escape"/>, then escaped for Spectre markup.</summary>
    public static string Markup(string? text) => Spectre.Console.Markup.Escape(Escape(text));
}

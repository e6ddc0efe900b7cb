using Spectre.Console;

namespace Baton.Cli.Rendering;

/// <summary>Spectre's console for stdout; plain text (no colors, no cursor codes) when stdout is a pipe or a file.</summary>
internal static class Terminal
{
    // Spectre decides ANSI support from TERM, not from whether stdout is a terminal; agents read our
    // stdout through pipes and must not get escape codes.
    public static IAnsiConsole Stdout { get; } = Console.IsOutputRedirected
        ? AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        })
        : AnsiConsole.Console;
}

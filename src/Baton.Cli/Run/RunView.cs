using Baton.Cli.Rendering;

namespace Baton.Cli.Run;

/// <summary>The live view of the pool: one plain line per thing that happened. Under <c>--json</c> the lines go to
/// stderr so stdout holds only the closing summary.</summary>
internal sealed class RunView(bool json)
{
    private readonly Lock _gate = new();

    public void Line(string text)
    {
        lock (_gate)
        {
            (json ? Console.Error : Console.Out).WriteLine(TerminalText.Escape(text));
        }
    }
}

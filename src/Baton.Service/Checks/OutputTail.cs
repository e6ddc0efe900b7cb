using System.Globalization;
using System.Text;

namespace Baton.Service.Checks;

/// <summary>Keeps the last <c>limit</c> characters written to it by several readers (stdout and stderr).</summary>
internal sealed class OutputTail(int limit)
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private long _dropped;

    public void Append(ReadOnlySpan<char> chunk)
    {
        lock (_lock)
        {
            _text.Append(chunk);
            var excess = _text.Length - limit;
            if (excess > 0)
            {
                _text.Remove(0, excess);
                _dropped += excess;
            }
        }
    }

    /// <summary>The kept text, prefixed with a note of how much was dropped when anything was.</summary>
    public override string ToString()
    {
        lock (_lock)
        {
            return _dropped == 0
                ? _text.ToString()
                : string.Create(CultureInfo.InvariantCulture, $"[... {_dropped} earlier characters dropped]\n{_text}");
        }
    }
}

namespace Baton.Storage.Tests.Support;

/// <summary>Sets an environment variable of the test process until disposed, then restores it. The names used are
/// read by no other test, so tests running in parallel do not see each other's values.</summary>
internal sealed class ScopedVariable : IDisposable
{
    private readonly string _name;
    private readonly string? _previous;

    public ScopedVariable(string name, string value)
    {
        _name = name;
        _previous = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
}

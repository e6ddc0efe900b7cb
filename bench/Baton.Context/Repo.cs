namespace Baton.Context;

/// <summary>A temporary directory for one measurement, removed afterwards.</summary>
internal sealed class Repo : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("baton-context-").FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}

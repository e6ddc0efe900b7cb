namespace Baton.Hub.Access;

/// <summary>The key file and token list beside a SQLite store, read again whenever a file's stamp (time and length)
/// changed since the last look: one <c>stat</c> per request, and a rotated key or a revoked token counts at once.</summary>
internal sealed class FileAccessView : IAccessView
{
    private readonly string _directory;
    private readonly TokenRegistry _registry;
    private readonly Lock _gate = new();
    private (DateTime Written, long Length) _keyStamp;
    private byte[] _key;

    /// <summary>The files in <paramref name="directory"/>; makes the key when there is none (the hub's first start).</summary>
    public FileAccessView(string directory, TimeProvider time)
    {
        _directory = directory;
        _registry = new TokenRegistry(directory, time);
        _key = AccessKey.LoadOrCreate(directory);
        _keyStamp = OwnerOnlyFile.Stamp(AccessKey.PathIn(directory));
    }

    public string ListLocation => TokenRegistry.FileName;

    public byte[] Key()
    {
        var stamp = OwnerOnlyFile.Stamp(AccessKey.PathIn(_directory));
        lock (_gate)
        {
            if (stamp != _keyStamp && stamp != default)
            {
                _key = AccessKey.TryLoad(_directory) ?? _key;
                _keyStamp = stamp;
            }
            return _key;
        }
    }

    public TokenRecord? Find(string id) => _registry.Find(id);
}

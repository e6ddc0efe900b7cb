namespace Baton.Hub.Access;

/// <summary>What <see cref="TokenValidator"/> asks at every request, without waiting on I/O: the key and a token's
/// record as last seen. Files are looked at again when they change (<see cref="FileAccessView"/>); a database is read
/// again in the background every second (<see cref="DatabaseAccessView"/>).</summary>
internal interface IAccessView
{
    /// <summary>The key as last seen.</summary>
    byte[] Key();

    /// <summary>The record of token <paramref name="id"/>, or null when the list has none.</summary>
    TokenRecord? Find(string id);

    /// <summary>Where the token list is, for refusals.</summary>
    string ListLocation { get; }
}

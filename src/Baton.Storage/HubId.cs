using System.Security.Cryptography;

namespace Baton.Storage;

/// <summary>A running hub, random at each start: what a store that serves several hubs records in each worker's
/// presence (the hub holding its connection) and in its list of live hubs.</summary>
public readonly record struct HubId(string Value)
{
    /// <summary>A new id: 12 random hex digits.</summary>
    public static HubId New() => new(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)));

    /// <inheritdoc/>
    public override string ToString() => Value;
}

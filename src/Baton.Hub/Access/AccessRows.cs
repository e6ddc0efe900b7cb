namespace Baton.Hub.Access;

/// <summary>What <see cref="DatabaseAccessStore.ReadChangedAsync"/> read: each part's stamp, and its value when it
/// changed (null when it did not, or when the row does not exist yet).</summary>
internal sealed record AccessRows
{
    public required long KeyStamp { get; init; }

    public byte[]? Key { get; init; }

    public required long TokensStamp { get; init; }

    public List<TokenRecord>? Tokens { get; init; }
}

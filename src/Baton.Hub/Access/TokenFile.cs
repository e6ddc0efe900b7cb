namespace Baton.Hub.Access;

/// <summary>The contents of <c>.baton/tokens.json</c>.</summary>
internal sealed record TokenFile
{
    public IReadOnlyList<TokenRecord> Tokens { get; init; } = [];
}

using System.Text.Json.Serialization;

namespace Baton.Hub.Access;

/// <summary>The token list's JSON (snake_case, like every Baton file).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(TokenFile))]
[JsonSerializable(typeof(TokenRecord))]
[JsonSerializable(typeof(IReadOnlyList<TokenRecord>))]
internal sealed partial class AccessJsonContext : JsonSerializerContext;

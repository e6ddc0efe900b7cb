using System.Text.Json.Serialization;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

/// <summary>Source-generated JSON for the list columns.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<AcceptanceItem>))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Baton.Core.Tasks;

namespace Baton.Storage.Postgres;

/// <summary>Source-generated JSON for the list columns and the check reports.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<AcceptanceItem>))]
[JsonSerializable(typeof(Baton.Core.Checks.CheckReport))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Baton.Core.Tasks;

namespace Baton.Storage;

/// <summary>Source-generated JSON for the list columns and the check reports, for both stores (<see cref="StoreJson"/>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<AcceptanceItem>))]
[JsonSerializable(typeof(Baton.Core.Checks.CheckReport))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

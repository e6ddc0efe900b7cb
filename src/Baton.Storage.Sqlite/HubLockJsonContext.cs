using System.Text.Json.Serialization;

namespace Baton.Storage.Sqlite;

/// <summary>Source-generated JSON for the hub's record beside the store (the list columns' is <see cref="StoreJson"/>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(HubLockRecord))]
internal sealed partial class HubLockJsonContext : JsonSerializerContext;

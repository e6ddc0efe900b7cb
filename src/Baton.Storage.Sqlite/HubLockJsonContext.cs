using System.Text.Json.Serialization;
using Baton.Core.Tasks;

namespace Baton.Storage.Sqlite;

/// <summary>Source-generated JSON for the list columns and the hub's record beside the store.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(List<AcceptanceItem>))]
[JsonSerializable(typeof(Baton.Core.Checks.CheckReport))]
[JsonSerializable(typeof(HubLockRecord))]
internal sealed partial class StoreJsonContext : JsonSerializerContext;

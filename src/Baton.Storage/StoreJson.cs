using System.Text.Json;
using Baton.Core.Tasks;

namespace Baton.Storage;

/// <summary>The list columns' and check reports' JSON text, the same in both stores (SQLite and PostgreSQL).</summary>
internal static class StoreJson
{
    public static string Of(IReadOnlyList<string> list)
        => list.Count == 0 ? "[]" : JsonSerializer.Serialize(list as List<string> ?? [.. list], StoreJsonContext.Default.ListString);

    public static string Of(IReadOnlyList<AcceptanceItem> list)
        => list.Count == 0 ? "[]" : JsonSerializer.Serialize(list as List<AcceptanceItem> ?? [.. list], StoreJsonContext.Default.ListAcceptanceItem);

    public static string Of(Baton.Core.Checks.CheckReport report) => JsonSerializer.Serialize(report, StoreJsonContext.Default.CheckReport);

    public static List<string> Strings(string json)
        => json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListString) ?? [];

    public static List<AcceptanceItem> Acceptance(string json)
        => json == "[]" ? [] : JsonSerializer.Deserialize(json, StoreJsonContext.Default.ListAcceptanceItem) ?? [];

    public static Baton.Core.Checks.CheckReport? Checks(string json) => JsonSerializer.Deserialize(json, StoreJsonContext.Default.CheckReport);
}

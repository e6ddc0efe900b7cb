using System.Text;
using System.Text.Json;

namespace Baton.Hub.Tests.Support;

/// <summary>JSON request bodies and response documents for the HTTP API tests.</summary>
internal static class HttpJson
{
    public static StringContent Body(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement.Clone();
}

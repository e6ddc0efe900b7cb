using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Baton.Testing;

/// <summary>Calls a tool the way a model does (arguments as JSON) and reads its text and JSON blocks. One file,
/// compiled into both test projects that drive MCP clients (see their .csproj).</summary>
internal static class ToolCalls
{
    public static async Task<CallToolResult> CallAsync(this McpClient client, string tool, string argumentsJson = "{}")
    {
        using var document = JsonDocument.Parse(argumentsJson);
        var arguments = document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
        return await client.CallToolAsync(tool, arguments, cancellationToken: TestContext.Current.CancellationToken);
    }

    /// <summary>The first text block: the rendering for a model.</summary>
    public static string Text(this CallToolResult result) => ((TextContentBlock)result.Content[0]).Text;

    /// <summary>The result as JSON: its <c>structuredContent</c>, where clients read the data (the text has only the
    /// rendering).</summary>
    public static JsonElement Json(this CallToolResult result)
        => result.StructuredContent ?? throw new InvalidOperationException("the result has no structuredContent: " + result.Text());

    public static CallToolResult AssertOk(this CallToolResult result)
    {
        Assert.True(result.IsError is not true, "tool error: " + result.Text());
        return result;
    }

    /// <summary>Asserts a tool error whose text starts with the CLI's error code, e.g. <c>lease_not_held: ...</c>.</summary>
    public static CallToolResult AssertError(this CallToolResult result, string code)
    {
        Assert.True(result.IsError is true, "expected a tool error, got: " + result.Text());
        Assert.StartsWith(code + ": ", result.Text(), StringComparison.Ordinal);
        Assert.Equal(code, result.Json().GetProperty("error").GetProperty("code").GetString());
        return result;
    }
}
